#pragma once
// An item's values by field name, kept in name order (the order getall lists them in). A sorted
// vector rather than a std::map: an item holds one or two dozen values, and a router holding
// 10,000 users then keeps each user's in one allocation instead of one node per value, which
// halves the simulator's memory and the work of every add.
//
// The part of std::map's interface the simulator uses, with the same meaning.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotspot::routeros::sim {

class Values {
 public:
  using value_type = std::pair<std::string, std::string>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

  Values() = default;
  // As std::map: a name given twice keeps its first value.
  Values(std::initializer_list<value_type> values);
  // From entries in any order, sorted once; a name given twice keeps its last value, as
  // insert_or_assign one by one would (a command's words are read that way).
  static Values from_unsorted(std::vector<value_type> entries);

  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void reserve(std::size_t count) { entries_.reserve(count); }

  iterator find(std::string_view name);
  const_iterator find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != end(); }
  // The value, inserted empty when absent.
  std::string& operator[](std::string_view name);
  // Inserts when absent; returns where the name is and whether it was inserted.
  std::pair<iterator, bool> try_emplace(std::string_view name, std::string value);
  // Inserts or replaces; returns where the name is and whether it was inserted.
  std::pair<iterator, bool> insert_or_assign(std::string_view name, std::string value);

  bool operator==(const Values&) const = default;

 private:
  iterator lower_bound(std::string_view name);
  const_iterator lower_bound(std::string_view name) const;

  std::vector<value_type> entries_;  // sorted by name, names unique
};

}  // namespace hotspot::routeros::sim
