// print, add, set and remove on the menus that hold items.
#include <algorithm>

#include "routeros/sim/field_values.h"
#include "routeros/sim/query.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {
namespace {

// Value errors are "argument value failures" (category 1, routeros.md §1.5); the router sends
// "unknown parameter", duplicates and missing items without a category.
Replies trap_for(const Error& error) {
  if (error.code == Errc::invalid_argument) return trap_replies(error.message, 1);
  return trap_replies(error.message);
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > at) parts.emplace_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return parts;
}

// .proplist keeps the listed properties in the listed order; absent ones are left out, so an
// item that has none of them prints as an empty !re (routeros.md §1.5).
std::vector<Attribute> project(std::vector<Attribute> words,
                               const std::optional<std::vector<std::string>>& proplist) {
  if (!proplist) return words;
  std::vector<Attribute> kept;
  for (const std::string& name : *proplist) {
    auto it = std::find_if(words.begin(), words.end(), [&](const Attribute& a) { return a.name == name; });
    if (it != words.end()) kept.push_back(*it);
  }
  return kept;
}

bool is_print_argument(std::string_view name) {
  return name == "detail" || name == "stats" || name == "without-paging" || name == "terse" ||
         name == "brief" || name == "count-only" || name == ".proplist";
}

// With no ?# operation every query word must hold, so an equality on name or .id picks the
// one candidate from the table's index instead of a scan. nullopt: scan everything.
std::optional<std::vector<const Item*>> indexed_candidates(Table& table, const std::vector<std::string>& queries) {
  for (const std::string& q : queries) {
    if (q.starts_with("?#")) return std::nullopt;
  }
  for (const std::string& q : queries) {
    std::string_view word(q);
    word.remove_prefix(word.starts_with("?=") ? 2 : 1);
    const Item* item = nullptr;
    if (word.starts_with("name=") && table.schema().field("name")) item = table.find_by_name(word.substr(5));
    else if (word.starts_with(".id=") && parse_item_id(word.substr(4))) item = table.find(*parse_item_id(word.substr(4)));
    else continue;
    return item ? std::vector<const Item*>{item} : std::vector<const Item*>{};
  }
  return std::nullopt;
}

}  // namespace

Replies RouterState::print(Menu& menu, const Command& command) {
  std::optional<std::vector<std::string>> proplist;
  for (const Attribute& a : command.attributes) {
    if (!is_print_argument(a.name)) return trap_replies("unknown parameter");
    if (a.name == ".proplist") proplist = split_list(a.value);
  }
  bool count_only = find_attribute(command, "count-only") != nullptr;
  std::vector<const Item*> candidates;
  if (auto indexed = indexed_candidates(menu.table, command.queries)) {
    candidates = std::move(*indexed);
  } else {
    for (const Item& item : menu.table.items()) candidates.push_back(&item);
  }
  Replies out;
  std::size_t count = 0;
  for (const Item* item : candidates) {
    std::vector<Attribute> words = menu.table.render(*item);
    auto matched = evaluate_query(command.queries, words);
    if (!matched) return trap_replies(matched.error().message);
    if (!*matched) continue;
    ++count;
    if (!count_only) out.push_back(re_reply(project(std::move(words), proplist)));
  }
  if (count_only) return only(done_ret_reply(std::to_string(count)));
  // 7.18 and later: "console - put !empty sentence when API query returns nothing".
  if (out.empty() && options_.version.sends_empty()) out.push_back(empty_reply());
  out.push_back(done_reply());
  return out;
}

Replies RouterState::print_values(const Values& values, const Command& command) {
  std::optional<std::vector<std::string>> proplist;
  if (const std::string* p = find_attribute(command, ".proplist")) proplist = split_list(*p);
  std::vector<Attribute> words;
  for (const auto& [name, value] : values) words.push_back({name, value});
  return {re_reply(project(std::move(words), proplist)), done_reply()};
}

Result<Values> RouterState::checked_values(Menu& menu, const Command& command, const Item* current) {
  const Schema& schema = menu.table.schema();
  std::vector<Values::value_type> given;
  given.reserve(command.attributes.size());
  for (const Attribute& a : command.attributes) {
    if (current && (a.name == ".id" || a.name == "numbers")) continue;
    const Field* field = schema.field(a.name);
    if (!field || !field->writable) return make_error(Errc::conflict, "unknown parameter");
    auto normal = normalise_value(*field, a.value);
    if (!normal) return normal.error();
    if (field->type == ValueType::name_ref && !find_menu(field->ref_menu)->table.find_by_name(*normal)) {
      return make_error(Errc::invalid_argument, "input does not match any value of " + field->name);
    }
    given.emplace_back(a.name, std::move(*normal));
  }
  Values values = Values::from_unsorted(std::move(given));
  if (!schema.unique_name) return values;
  auto name = values.find("name");
  if (!current && (name == values.end() || name->second.empty())) {
    return make_error(Errc::conflict, "missing value(s) of argument(s) name");
  }
  if (name == values.end()) return values;
  const Item* same = menu.table.find_by_name(name->second);
  if (same && (!current || same->number != current->number)) {
    return make_error(Errc::already_exists, "failure: already have " + schema.entity + " with this name");
  }
  return values;
}

Replies RouterState::add(std::string_view path, Menu& menu, const Command& command) {
  auto values = checked_values(menu, command, nullptr);
  if (!values) return trap_for(values.error());
  std::uint64_t number = menu.table.insert(std::move(*values));
  notify(path, *menu.table.find(number), false);
  return only(done_ret_reply(format_item_id(number)));
}

Result<std::vector<Item*>> RouterState::referenced_items(Menu& menu, const Command& command) {
  const std::string* refs = find_attribute(command, ".id");
  if (!refs) refs = find_attribute(command, "numbers");
  if (!refs) return make_error(Errc::conflict, "missing value(s) of argument(s) numbers");
  std::vector<Item*> items;
  for (const std::string& ref : split_list(*refs)) {
    Item* item = menu.table.find_by_reference(ref);
    if (!item) return make_error(Errc::not_found, "no such item");
    items.push_back(item);
  }
  if (items.empty()) return make_error(Errc::not_found, "no such item");
  return items;
}

Replies RouterState::set(std::string_view path, Menu& menu, const Command& command) {
  auto items = referenced_items(menu, command);
  if (!items) return trap_for(items.error());
  for (Item* item : *items) {
    auto values = checked_values(menu, command, item);
    if (!values) return trap_for(values.error());
    for (auto& [name, value] : *values) menu.table.set_value(*item, name, value);
    notify(path, *item, false);
  }
  return only(done_reply());
}

Replies RouterState::remove(std::string_view path, Menu& menu, const Command& command) {
  auto items = referenced_items(menu, command);
  if (!items) return trap_for(items.error());
  std::vector<std::uint64_t> numbers;
  for (Item* item : *items) numbers.push_back(item->number);
  for (std::uint64_t number : numbers) {
    if (path == "/ip/hotspot/active") {
      log_out(number);
      continue;
    }
    if (path == "/ip/hotspot/user/profile" && read_bool(*menu.table.find(number), "default")) {
      return trap_replies("failure: cannot remove default profile");
    }
    notify(path, *menu.table.find(number), true);
    menu.table.erase(number);
  }
  return only(done_reply());
}

}  // namespace hotspot::routeros::sim
