#include "routeros/sim/item_values.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

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

Values Values::from_unsorted(std::vector<value_type> entries) {
  // Positions are sorted (by name, then position), not the entries: moving pairs of strings
  // about costs more than the sort itself, and a command has a handful of words.
  std::vector<std::uint32_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int by_name = entries[a].first.compare(entries[b].first);
    return by_name != 0 ? by_name < 0 : a < b;
  });
  Values values;
  values.entries_.reserve(entries.size());
  for (std::uint32_t at : order) {
    if (!values.entries_.empty() && values.entries_.back().first == entries[at].first) {
      values.entries_.back().second = std::move(entries[at].second);  // the later word wins
    } else {
      values.entries_.push_back(std::move(entries[at]));
    }
  }
  return values;
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
