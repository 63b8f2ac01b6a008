#include "routeros/hotspot/words.h"

#include <array>
#include <cctype>

#include "routeros/protocol.h"
#include "routeros/values.h"

namespace hotspot::routeros {
namespace {

Error invalid(std::string_view field, std::string_view why) {
  return make_error(Errc::invalid_argument, std::string(field) + " " + std::string(why));
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
         c == ':' || c == '+' || c == '-';
}

Status check_chars(std::string_view field, std::string_view value, std::size_t max,
                   std::string_view forbidden, std::string_view rule) {
  if (value.size() > max) {
    return invalid(field, "is longer than " + std::to_string(max) + " characters.");
  }
  // A table of the bytes allowed, rather than a search of `forbidden` for every byte.
  std::array<bool, 256> allowed{};
  for (int c = 0x20; c < 0x7f; ++c) allowed[c] = true;
  for (char c : forbidden) allowed[static_cast<unsigned char>(c)] = false;
  for (char c : value) {
    if (!allowed[static_cast<unsigned char>(c)]) {
      return invalid(field, "may only hold " + std::string(rule) + ".");
    }
  }
  return {};
}

Status check_duration(std::string_view field, std::string_view value, bool none_allowed) {
  if (none_allowed && value == "none") return {};
  if (!parse_duration_value(value)) return invalid(field, "is not a RouterOS duration.");
  return {};
}

Status check_bool(std::string_view field, std::string_view value) {
  if (!parse_bool_value(value)) return invalid(field, "must be yes or no.");
  return {};
}

Status check_count(std::string_view field, std::string_view value) {
  if (!parse_count_value(value)) return invalid(field, "must be a whole number.");
  return {};
}

}  // namespace

Status check_name(std::string_view field, std::string_view value) {
  if (value.empty()) return invalid(field, "is empty.");
  if (value.size() > kMaxNameLength) return invalid(field, "is longer than 64 characters.");
  // A leading '.' or '-' reads like an API word (".id", "-name") in logs and exports.
  if (!std::isalnum(static_cast<unsigned char>(value[0]))) {
    return invalid(field, "must start with a letter or a digit.");
  }
  for (char c : value) {
    if (!name_char(c)) return invalid(field, "may only hold letters, digits and . _ @ : + -.");
  }
  return {};
}

Status check_password(std::string_view value) {
  return check_chars("The password", value, kMaxNameLength, " =\"';\\$`",
                     "printable characters other than space = \" ' ; \\ $ `");
}

Status check_comment(std::string_view value) {
  return check_chars("The comment", value, kMaxCommentLength, "\"\\$;`",
                     "printable characters other than \" \\ $ ; `");
}

Result<std::string> canonical_mac(std::string_view value) {
  const Error bad = invalid("The MAC address", "must look like AA:BB:CC:DD:EE:FF.");
  if (value.size() != 17) return bad;
  std::string out(value);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool colon = i % 3 == 2;
    if (colon ? out[i] != ':' : !std::isxdigit(static_cast<unsigned char>(out[i]))) return bad;
    out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
  }
  return out;
}

Status check_ipv4(std::string_view value) {
  const Error bad = invalid("The IP address", "must be an IPv4 address like 10.5.50.2.");
  int parts = 0;
  std::size_t at = 0;
  while (true) {
    const std::size_t dot = value.find('.', at);
    const std::string_view part = value.substr(at, dot == std::string_view::npos ? dot : dot - at);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return bad;
    int n = 0;
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return bad;
      n = n * 10 + (c - '0');
    }
    if (n > 255 || ++parts > 4) return bad;
    if (dot == std::string_view::npos) break;
    at = dot + 1;
  }
  if (parts != 4) return bad;
  return {};
}

Status check_rate_limit(std::string_view value) {
  if (value.size() > 64) return invalid("The rate limit", "is longer than 64 characters.");
  char previous = '\0';
  for (char c : value) {
    const bool ok = std::isdigit(static_cast<unsigned char>(c)) || c == 'k' || c == 'K' ||
                    c == 'M' || c == 'G' || c == '/' || (c == ' ' && previous != ' ');
    if (!ok) return invalid("The rate limit", "must look like 5M/2M (digits, k, M, G and /).");
    previous = c;
  }
  return {};
}

Status check_host_pattern(std::string_view value) {
  if (value.empty() || value.size() > 253) return invalid("The host", "must hold 1 to 253 characters.");
  for (char c : value) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                    c == '*' || c == '?';
    if (!ok) return invalid("The host", "may only hold letters, digits, . - * and ?.");
  }
  return {};
}

Status check_item_id(std::string_view value) {
  if (!parse_id_value(value)) return invalid("The item id", "must look like *1F.");
  return {};
}

Status check_user_field(const Field& field) {
  const std::string& v = field.value;
  if (field.name == "name") return check_name("The user name", v);
  if (field.name == "password") return check_password(v);
  if (field.name == "profile") return check_name("The profile name", v);
  if (field.name == "comment") return check_comment(v);
  if (field.name == "limit-uptime") return check_duration("limit-uptime", v, false);
  if (field.name == "limit-bytes-total") return check_count("limit-bytes-total", v);
  if (field.name == "disabled") return check_bool("disabled", v);
  if (field.name == "mac-address") return canonical_mac(v).ok() ? Status() : canonical_mac(v).error();
  return invalid("The user field " + printable_word(field.name), "is not one the appliance writes.");
}

Status check_profile_field(const Field& field) {
  const std::string& v = field.value;
  if (field.name == "name") return check_name("The profile name", v);
  if (field.name == "rate-limit") return check_rate_limit(v);
  if (field.name == "comment") return check_comment(v);
  if (field.name == "shared-users") {
    return v == "unlimited" ? Status() : check_count("shared-users", v);
  }
  if (field.name == "session-timeout" || field.name == "mac-cookie-timeout") {
    return check_duration(field.name, v, false);
  }
  if (field.name == "idle-timeout" || field.name == "keepalive-timeout") {
    return check_duration(field.name, v, true);
  }
  if (field.name == "add-mac-cookie") return check_bool("add-mac-cookie", v);
  return invalid("The profile field " + printable_word(field.name), "is not one the appliance writes.");
}

}  // namespace hotspot::routeros
