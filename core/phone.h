#pragma once
// Kenyan mobile numbers, normalised to the 12-digit MSISDN that M-PESA wants.

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

struct PhoneNumber {
  std::string msisdn;  // "2547XXXXXXXX" or "2541XXXXXXXX"
  bool operator==(const PhoneNumber&) const = default;
};

// Accepts 07XXXXXXXX, 01XXXXXXXX, 7XXXXXXXX, 1XXXXXXXX, 2547…, 2541…, +2547…, +2541…, with
// spaces, dashes, dots or parentheses between digits. Anything else (letters, other countries,
// wrong length) is an error whose message says what a valid number looks like.
Result<PhoneNumber> parse_kenyan_phone(std::string_view text);
// "0712 345 678" for display.
std::string format_phone_local(const PhoneNumber& phone);
// "2547****5678" for logs: never log a full number.
std::string mask_phone(const PhoneNumber& phone);

}  // namespace hotspot
