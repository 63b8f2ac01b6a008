#include "routeros/provision/request_fields.h"

#include "routeros/provision/ipv4.h"
#include "routeros/provision/request.h"

namespace hotspot::routeros::provision_fields {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

// One rate: digits (at most 10) with an optional unit.
bool valid_rate(std::string_view rate) {
  if (!rate.empty() && (rate.back() == 'k' || rate.back() == 'K' || rate.back() == 'M' || rate.back() == 'G')) {
    rate.remove_suffix(1);
  }
  if (rate.empty() || rate.size() > 10) return false;
  for (char c : rate) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool valid_rate_group(std::string_view group) {
  auto slash = group.find('/');
  if (slash == std::string_view::npos) return valid_rate(group);
  return valid_rate(group.substr(0, slash)) && valid_rate(group.substr(slash + 1));
}

}  // namespace

Error invalid_field(std::string_view field, std::string_view why) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + std::string(why));
}

Status check_name(std::string_view field, std::string_view value, std::size_t max) {
  if (value.empty()) return invalid_field(field, "must not be empty");
  if (value.size() > max) return invalid_field(field, "is longer than " + std::to_string(max) + " characters");
  if (value.front() == '-') return invalid_field(field, "must not start with '-'");
  for (char c : value) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-') {
      return invalid_field(field, "may hold only letters, digits, '.', '_' and '-'");
    }
  }
  return {};
}

Status check_dns_name(std::string_view field, std::string_view value) {
  if (value.empty()) return invalid_field(field, "must not be empty");
  if (value.size() > kMaxDnsNameLength) return invalid_field(field, "is longer than 253 characters");
  std::size_t start = 0;
  while (true) {
    auto dot = value.find('.', start);
    auto label = value.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!valid_label(label)) {
      return invalid_field(field, "is not a host name (labels of letters, digits and '-', joined by '.')");
    }
    if (dot == std::string_view::npos) return {};
    start = dot + 1;
  }
}

Status check_host(std::string_view field, std::string_view value) {
  if (parse_ipv4(value)) return {};
  return check_dns_name(field, value);
}

Status check_url_path(std::string_view field, std::string_view value) {
  if (value.empty() || value.front() != '/') return invalid_field(field, "must start with '/'");
  if (value.size() > 128) return invalid_field(field, "is longer than 128 characters");
  for (char c : value) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '~' && c != '/' && c != '-') {
      return invalid_field(field, "may hold only letters, digits and . _ ~ / -");
    }
  }
  return {};
}

Status check_password(std::string_view field, std::string_view value) {
  if (value.size() < kMinPasswordLength || value.size() > kMaxPasswordLength) {
    return invalid_field(field, "must be " + std::to_string(kMinPasswordLength) + " to " +
                                    std::to_string(kMaxPasswordLength) + " characters long");
  }
  for (unsigned char c : value) {
    if (c <= 0x20 || c >= 0x7f) {
      return invalid_field(field, "may hold only printable ASCII without spaces (no newline or control character)");
    }
  }
  return {};
}

Status check_rate_limit(std::string_view field, std::string_view value) {
  if (value.empty()) return {};
  if (value.size() > 100) return invalid_field(field, "is longer than 100 characters");
  int groups = 0;
  std::size_t start = 0;
  while (true) {
    auto space = value.find(' ', start);
    auto group = value.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
    if (++groups > 6 || !valid_rate_group(group)) {
      return invalid_field(field, "is not a RouterOS rate limit such as 2M/5M (upload/download)");
    }
    if (space == std::string_view::npos) return {};
    start = space + 1;
  }
}

Status check_mac(std::string_view field, std::string_view value) {
  bool ok = value.size() == 17;
  for (std::size_t i = 0; ok && i < value.size(); ++i) {
    ok = (i % 3 == 2) ? value[i] == ':' : is_hex(value[i]);
  }
  if (!ok) return invalid_field(field, "is not a MAC address such as 02:00:00:00:00:02");
  return {};
}

}  // namespace hotspot::routeros::provision_fields
