#pragma once
// Field-level checks for the provisioning request. Each returns an error that starts with the
// field's name; none echoes the rejected value (it may hold a newline or a password).

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot::routeros::provision_fields {

Error invalid_field(std::string_view field, std::string_view why);

// [A-Za-z0-9._-], 1..max, not starting with '-' (RouterOS would read it as an option).
Status check_name(std::string_view field, std::string_view value, std::size_t max);
// Host name: dot-separated labels of [A-Za-z0-9-], each 1..63 and not starting or ending with '-'.
Status check_dns_name(std::string_view field, std::string_view value);
// An IPv4 address or a host name.
Status check_host(std::string_view field, std::string_view value);
// "/portal": '/' then [A-Za-z0-9._~/-], at most 128.
Status check_url_path(std::string_view field, std::string_view value);
// Printable ASCII without spaces, kMinPasswordLength..kMaxPasswordLength.
Status check_password(std::string_view field, std::string_view value);
// "2M/5M", "512k", "2M/5M 4M/10M 1500k/4M 16/16 8 512k/1M": up to six space-separated groups
// of <digits>[k|K|M|G] optionally followed by '/' and another.
Status check_rate_limit(std::string_view field, std::string_view value);
// "AA:BB:CC:DD:EE:FF".
Status check_mac(std::string_view field, std::string_view value);

}  // namespace hotspot::routeros::provision_fields
