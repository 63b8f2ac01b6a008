#include "routeros/sim/item_values.h"

#include <algorithm>

namespace hotspot::routeros::sim {

namespace {

bool name_before(const Values::value_type& entry, std::string_view name) {
  return std::string_view(entry.first) < name;
}

}  // namespace

Values::Values(std::initializer_list<value_type> values) {
  entries_.reserve(values.size());
  for (const value_type& v : values) try_emplace(v.first, v.second);
}

Values::iterator Values::lower_bound(std::string_view name) {
  return std::lower_bound(entries_.begin(), entries_.end(), name, name_before);
}

Values::const_iterator Values::lower_bound(std::string_view name) const {
  return std::lower_bound(entries_.begin(), entries_.end(), name, name_before);
}

Values::iterator Values::find(std::string_view name) {
  auto it = lower_bound(name);
  return it != entries_.end() && it->first == name ? it : entries_.end();
}

Values::const_iterator Values::find(std::string_view name) const {
  auto it = lower_bound(name);
  return it != entries_.end() && it->first == name ? it : entries_.end();
}

std::string& Values::operator[](std::string_view name) {
  return try_emplace(name, std::string()).first->second;
}

std::pair<Values::iterator, bool> Values::try_emplace(std::string_view name, std::string value) {
  auto it = lower_bound(name);
  if (it != entries_.end() && it->first == name) return {it, false};
  return {entries_.emplace(it, std::string(name), std::move(value)), true};
}

std::pair<Values::iterator, bool> Values::insert_or_assign(std::string_view name, std::string value) {
  auto [it, inserted] = try_emplace(name, std::string());
  it->second = std::move(value);
  return {it, inserted};
}

}  // namespace hotspot::routeros::sim
