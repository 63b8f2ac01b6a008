#pragma once
// RouterOS HTTP-CHAP. The router's login page hands the portal a per-login id and challenge, each
// octal-escaped for a JavaScript string literal; the password posted back to the router is an MD5
// over them and the ticket's password, so the password itself never crosses the LAN in clear.

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

// Undoes the octal escapes RouterOS puts in $(chap-id) and $(chap-challenge) ("\371\015" -> two
// bytes); other characters stand for themselves. Errors (invalid_argument, naming "chap"): a
// backslash not followed by exactly three octal digits, a value above \377, more than 64 output
// bytes.
Result<std::string> decode_chap_escapes(std::string_view escaped);

// The password field for an HTTP-CHAP login: lower-case hex MD5 of id | password | challenge
// (raw bytes, in that order), all three already decoded.
std::string chap_password(std::string_view chap_id, std::string_view password,
                          std::string_view chap_challenge);

}  // namespace hotspot
