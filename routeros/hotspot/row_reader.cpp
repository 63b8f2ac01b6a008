#include "routeros/hotspot/row_reader.h"

#include "routeros/protocol.h"
#include "routeros/values.h"

namespace hotspot::routeros {

std::optional<std::string_view> RowReader::find(std::string_view name) const {
  for (const Attribute& a : row_) {
    if (a.name == name) return std::string_view(a.value);
  }
  return std::nullopt;
}

void RowReader::fail(std::string_view name, std::string_view value, std::string_view what) {
  if (error_) return;
  error_ = router_error(RouterErrc::protocol,
                        "The router sent " + std::string(what) + " for " + std::string(name) +
                            " in " + std::string(menu_) + ": " + printable_word(value) + ".");
}

std::string RowReader::text(std::string_view name) {
  return std::string(find(name).value_or(std::string_view()));
}

std::string RowReader::required_text(std::string_view name) {
  auto value = find(name);
  if (!value || value->empty()) fail(name, "", "no value");
  return std::string(value.value_or(std::string_view()));
}

std::string RowReader::id() {
  auto value = find(".id");
  if (!value) {
    fail(".id", "", "no value");
    return {};
  }
  auto parsed = parse_id_value(*value);
  if (!parsed) {
    fail(".id", *value, "a malformed item id");
    return {};
  }
  return std::move(*parsed);
}

std::uint64_t RowReader::count(std::string_view name) {
  auto value = find(name);
  if (!value || value->empty()) return 0;
  auto parsed = parse_count_value(*value);
  if (!parsed) {
    fail(name, *value, "a malformed number");
    return 0;
  }
  return *parsed;
}

Seconds RowReader::duration(std::string_view name) {
  auto value = find(name);
  if (!value || value->empty()) return Seconds(0);
  auto parsed = parse_duration_value(*value);
  if (!parsed) {
    fail(name, *value, "a malformed duration");
    return Seconds(0);
  }
  return *parsed;
}

std::optional<Seconds> RowReader::timeout(std::string_view name, bool zero_is_none) {
  auto value = find(name);
  if (!value || value->empty() || *value == "none" || *value == "never") return std::nullopt;
  auto parsed = parse_duration_value(*value);
  if (!parsed) {
    fail(name, *value, "a malformed duration");
    return std::nullopt;
  }
  if (zero_is_none && parsed->count() == 0) return std::nullopt;
  return *parsed;
}

bool RowReader::flag(std::string_view name, bool fallback) {
  auto value = find(name);
  if (!value || value->empty()) return fallback;
  auto parsed = parse_bool_value(*value);
  if (!parsed) {
    fail(name, *value, "a malformed yes/no value");
    return fallback;
  }
  return *parsed;
}

}  // namespace hotspot::routeros
