#pragma once
// RouterOS values as the API prints them (routeros.md §2.8, §2.7).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/duration.h"
#include "core/result.h"

namespace hotspot::routeros {

// "1w4d1h16m55s", "59m58s", "0s", "453us", "6w6d18:33:07", "00:30:00"; "none"/"never" are
// errors here (callers that accept them check first). Sub-second parts are truncated.
Result<Seconds> parse_duration_value(std::string_view text);
// "true"/"yes" -> true, "false"/"no" -> false; anything else an error.
Result<bool> parse_bool_value(std::string_view text);
// A plain unsigned decimal ("1503133696"); overflow and signs are errors.
Result<std::uint64_t> parse_count_value(std::string_view text);
// "*1F": '*' and 1 to 16 hex digits; returns the canonical upper-case form.
Result<std::string> parse_id_value(std::string_view text);
// v6 "jan/02/1970 00:00:00" (or date alone "jan/02/1970") and v7.10+ "2023-07-14 00:00:00"
// (or "2023-07-14"); taken as the router's local time, which is UTC plus `gmt_offset`, and
// returned as the UTC instant. Years past 2200 are errors (WallTime ends in 2262).
Result<WallTime> parse_date_value(std::string_view date, std::string_view time = {},
                                  std::chrono::seconds gmt_offset = std::chrono::seconds(0));
// "+03:00" / "-05:30" as printed by /system/clock gmt-offset.
Result<std::chrono::seconds> parse_gmt_offset(std::string_view text);

}  // namespace hotspot::routeros
