#pragma once
// Every string the facade puts into a RouterOS word is checked here first. The API itself
// would carry any bytes, but the same names and comments reach exports, .rsc scripts and SSH
// command lines, and a newline or '=' in a user name is never what a person meant. Errors
// name the field and say what is allowed.

#include <string>
#include <string_view>

#include "core/result.h"
#include "routeros/reconcile/diff.h"

namespace hotspot::routeros {

inline constexpr std::size_t kMaxNameLength = 64;
inline constexpr std::size_t kMaxCommentLength = 255;

// User and profile names: 1 to 64 of [A-Za-z0-9._@:+-], starting with a letter or a digit (a
// MAC address is a valid user name).
Status check_name(std::string_view field, std::string_view value);
// Passwords: 0 to 64 printable ASCII characters, none of space = " ' ; \ $ `.
Status check_password(std::string_view value);
// Comments: 0 to 255 printable ASCII characters (space and '=' allowed), none of " \ $ ; `.
Status check_comment(std::string_view value);
// "AA:BB:CC:DD:EE:FF" (any case in, upper case out).
Result<std::string> canonical_mac(std::string_view value);
// A dotted quad, each part 0 to 255 without leading zeros.
Status check_ipv4(std::string_view value);
// rate-limit: digits, k/M/G units, '/' and single spaces, at most 64 characters.
Status check_rate_limit(std::string_view value);
// A walled-garden host: letters, digits, '.', '-', and the wildcards '*' and '?'.
Status check_host_pattern(std::string_view value);
// A .id as the router prints it ("*1F").
Status check_item_id(std::string_view value);

// The fields reconciliation may write, checked by their RouterOS name; an unknown name is an
// error so that nothing unchecked reaches the router.
Status check_user_field(const Field& field);
Status check_profile_field(const Field& field);

}  // namespace hotspot::routeros
