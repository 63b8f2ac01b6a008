#pragma once
// Checking and normalising a value written by add/set, the way a router stores it: durations
// print as "1h30m", booleans as "true"/"false", MACs upper-case.

#include <string>
#include <string_view>

#include "core/result.h"
#include "routeros/sim/table.h"

namespace hotspot::routeros::sim {

// The stored form, or an error whose message is the router's trap text.
Result<std::string> normalise_value(const Field& field, std::string_view value);

// Readers for stored values; a malformed or absent value reads as zero / false.
std::uint64_t read_count(const Item& item, std::string_view name);
std::int64_t read_seconds(const Item& item, std::string_view name);  // "none" reads as 0
bool read_bool(const Item& item, std::string_view name);

}  // namespace hotspot::routeros::sim
