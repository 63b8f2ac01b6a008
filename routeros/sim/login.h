#pragma once
// The pre-6.43 challenge login (routeros.md §1.9): the router sends 16 random bytes as hex and
// expects "00" + MD5(0x00 || password || challenge) in lower-case hex.

#include <string>
#include <string_view>

namespace hotspot::routeros::sim {

std::string to_hex(std::string_view bytes);  // lower-case
// `challenge` is the raw 16 bytes, not their hex.
std::string challenge_response(std::string_view password, std::string_view challenge);

}  // namespace hotspot::routeros::sim
