#include "routeros/sim/table.h"

#include <algorithm>
#include <charconv>
#include <cctype>

namespace hotspot::routeros::sim {

const Field* Schema::field(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string Item::id() const { return format_item_id(number); }

std::string Item::value_or(std::string_view name, std::string_view fallback) const {
  auto it = values.find(name);
  return it == values.end() ? std::string(fallback) : it->second;
}

std::string format_item_id(std::uint64_t number) {
  char buffer[24] = {'*'};
  char* end = std::to_chars(buffer + 1, buffer + sizeof buffer, number, 16).ptr;
  for (char* c = buffer + 1; c != end; ++c) *c = static_cast<char>(std::toupper(*c));
  return std::string(buffer, end);
}

std::optional<std::uint64_t> parse_item_id(std::string_view text) {
  if (text.size() < 2 || text.size() > 17 || text[0] != '*') return std::nullopt;
  std::uint64_t number = 0;
  const char* end = text.data() + text.size();
  auto [at, ec] = std::from_chars(text.data() + 1, end, number, 16);
  if (ec != std::errc() || at != end) return std::nullopt;
  return number;
}

Table::Table(Schema schema, std::uint64_t first_id)
    : schema_(std::move(schema)), next_id_(first_id), named_(schema_.field("name") != nullptr) {}

std::uint64_t Table::insert(Values values) {
  auto name = values.find("name");
  if (named_ && name != values.end()) by_name_.emplace(name->second, next_id_);
  items_.push_back(Item{next_id_, std::move(values)});
  return next_id_++;
}

Item* Table::find(std::uint64_t number) {
  auto it = std::lower_bound(items_.begin(), items_.end(), number,
                             [](const Item& item, std::uint64_t n) { return item.number < n; });
  return it == items_.end() || it->number != number ? nullptr : &*it;
}

Item* Table::find_by_name(std::string_view name) {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : find(it->second);
}

void Table::set_value(Item& item, const std::string& field, std::string value) {
  if (named_ && field == "name") {
    auto old = by_name_.find(item.value_or("name"));
    if (old != by_name_.end() && old->second == item.number) by_name_.erase(old);
    by_name_[value] = item.number;
  }
  item.values[field] = std::move(value);
}

Item* Table::find_by_reference(std::string_view reference) {
  if (auto number = parse_item_id(reference)) return find(*number);
  return find_by_name(reference);
}

bool Table::erase(std::uint64_t number) {
  Item* item = find(number);
  if (!item) return false;
  auto name = by_name_.find(item->value_or("name"));
  if (name != by_name_.end() && name->second == number) by_name_.erase(name);
  items_.erase(items_.begin() + (item - items_.data()));
  return true;
}

std::vector<Attribute> Table::render(const Item& item) const {
  std::vector<Attribute> words;
  words.push_back({".id", item.id()});
  for (const Field& f : schema_.fields) {
    auto it = item.values.find(f.name);
    if (it != item.values.end()) words.push_back({f.name, it->second});
    else if (f.default_value) words.push_back({f.name, *f.default_value});
  }
  return words;
}

}  // namespace hotspot::routeros::sim
