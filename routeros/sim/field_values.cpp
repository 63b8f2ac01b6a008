#include "routeros/sim/field_values.h"

#include <cctype>
#include <charconv>

#include "core/duration.h"

namespace hotspot::routeros::sim {
namespace {

Error value_error(const Field& field) {
  return make_error(Errc::invalid_argument, "invalid value for argument " + field.name);
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t v = 0;
  auto [at, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || at != text.data() + text.size()) return std::nullopt;
  return v;
}

Result<std::string> normalise_mac(const Field& field, std::string_view value) {
  if (value.size() != 17) return value_error(field);
  std::string out(value);
  for (std::size_t i = 0; i < out.size(); ++i) {
    bool colon = i % 3 == 2;
    if (colon ? (out[i] != ':' && out[i] != '-') : !std::isxdigit(static_cast<unsigned char>(out[i]))) {
      return value_error(field);
    }
    out[i] = colon ? ':' : static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
  }
  return out;
}

Result<std::string> normalise_ip(const Field& field, std::string_view value) {
  int parts = 0;
  std::size_t at = 0;
  while (parts < 4) {
    std::size_t dot = value.find('.', at);
    std::string_view part = value.substr(at, dot == std::string_view::npos ? dot : dot - at);
    auto n = parse_u64(part);
    if (!n || *n > 255 || part.size() > 3) return value_error(field);
    ++parts;
    if (dot == std::string_view::npos) break;
    at = dot + 1;
  }
  if (parts != 4) return value_error(field);
  return std::string(value);
}

Result<std::string> normalise_duration(const Field& field, std::string_view value, bool allow_none) {
  if (allow_none && (value == "none" || value == "never")) return std::string("none");
  auto parsed = parse_duration(value);
  if (!parsed) return value_error(field);
  return format_routeros_duration(*parsed);
}

}  // namespace

Result<std::string> normalise_value(const Field& field, std::string_view value) {
  switch (field.type) {
    case ValueType::text:
    case ValueType::name_ref:
      return std::string(value);
    case ValueType::duration: return normalise_duration(field, value, false);
    case ValueType::timeout: return normalise_duration(field, value, true);
    case ValueType::count:
      if (!parse_u64(value)) return value_error(field);
      return std::to_string(*parse_u64(value));
    case ValueType::boolean:
      if (value == "yes" || value == "true") return std::string("true");
      if (value == "no" || value == "false") return std::string("false");
      return value_error(field);
    case ValueType::mac: return normalise_mac(field, value);
    case ValueType::ip: return normalise_ip(field, value);
    case ValueType::shared_users:
      if (value == "unlimited") return std::string(value);
      if (auto n = parse_u64(value); n && *n >= 1) return std::to_string(*n);
      return value_error(field);
  }
  return value_error(field);
}

std::uint64_t read_count(const Item& item, std::string_view name) {
  return parse_u64(item.value_or(name)).value_or(0);
}

std::int64_t read_seconds(const Item& item, std::string_view name) {
  auto parsed = parse_duration(item.value_or(name, "0s"));
  return parsed ? parsed->count() : 0;
}

bool read_bool(const Item& item, std::string_view name) { return item.value_or(name) == "true"; }

}  // namespace hotspot::routeros::sim
