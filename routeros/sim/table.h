#pragma once
// One RouterOS menu that holds items (/ip/hotspot/user, /ip/hotspot/active, ...): a schema of
// fields, items with `*ID`s, and the attribute words print shows for an item.
// IDs are allocated as a router does: hexadecimal, increasing, never reused after a remove.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_hash.h"
#include "routeros/protocol.h"
#include "routeros/sim/item_values.h"

namespace hotspot::routeros::sim {

// How a written value is checked and normalised (values.cpp).
enum class ValueType { text, duration, timeout, count, boolean, mac, ip, shared_users, name_ref };

struct Field {
  std::string name;
  ValueType type = ValueType::text;
  std::optional<std::string> default_value;  // shown when never set; nullopt: absent until set
  bool writable = true;
  std::string ref_menu;  // for name_ref: the menu whose item names are valid values
};

inline Field make_field(std::string name, ValueType type, std::optional<std::string> default_value = {},
                        bool writable = true, std::string ref_menu = {}) {
  Field f;
  f.name = std::move(name);
  f.type = type;
  f.default_value = std::move(default_value);
  f.writable = writable;
  f.ref_menu = std::move(ref_menu);
  return f;
}

struct Schema {
  std::string entity;  // "user", "profile": used in "already have <entity> with this name"
  std::vector<Field> fields;
  bool unique_name = false;  // items are named and names cannot repeat

  const Field* field(std::string_view name) const;
};

// An item holds the values written to it; a field never written shows its schema default
// (render), so 10,000 users do not each keep a copy of the same fourteen defaults. Readers
// of `values` give the default as their fallback.
struct Item {
  std::uint64_t number = 0;  // the hex digits of the *ID
  Values values;

  std::string id() const;
  std::string value_or(std::string_view name, std::string_view fallback = {}) const;
};

// "*1F" for 31.
std::string format_item_id(std::uint64_t number);
// "*1f" or "*1F" -> 31; nullopt for anything else.
std::optional<std::uint64_t> parse_item_id(std::string_view text);

class Table {
 public:
  explicit Table(Schema schema, std::uint64_t first_id = 1);

  const Schema& schema() const { return schema_; }
  // The values must already be validated. Returns the new item's number.
  std::uint64_t insert(Values values);
  Item* find(std::uint64_t number);      // binary search: items are kept in ID order
  Item* find_by_name(std::string_view name);  // indexed for named tables
  // Writes one value; the name index follows renames.
  void set_value(Item& item, const std::string& field, std::string value);
  // "*1F" or, for named tables, a name.
  Item* find_by_reference(std::string_view reference);
  bool erase(std::uint64_t number);
  // Numbers new items from `first` again, as a router does for its dynamic tables after a
  // reboot. Only for an empty table.
  void renumber_from(std::uint64_t first) { next_id_ = first; }
  std::vector<Item>& items() { return items_; }
  const std::vector<Item>& items() const { return items_; }

  // ".id" first, then every field the item has, in schema order.
  std::vector<Attribute> render(const Item& item) const;

 private:
  Schema schema_;
  std::vector<Item> items_;  // in ID order, as print lists them
  std::uint64_t next_id_;
  bool named_;
  // name -> item number, so that a router holding 10,000 users answers ?name= without a scan.
  StringMap<std::uint64_t> by_name_;
};

}  // namespace hotspot::routeros::sim
