#pragma once
// Quantities in words for customers, in either language: plan allowances, time left, speeds.

#include <cstdint>
#include <string>

#include "portal/backend.h"
#include "portal/strings.h"

namespace hotspot::portal {

// "1 hour 30 minutes" / "saa 1 dakika 30": the two largest units, rounded down.
std::string words_for_duration(Lang lang, std::int64_t seconds);
// Compact, for time left: "1 h 20 min" / "saa 1 dak 20".
std::string short_duration(Lang lang, std::int64_t seconds);
// "2 Mbps", "512 kbps", "1.5 Mbps" (decimal units, as rates are sold).
std::string words_for_rate(std::uint64_t bits_per_second);
// "2 Mbps down / 1 Mbps up"; empty when both directions are unlimited.
std::string words_for_speed(Lang lang, const PlanOffer& offer);
// "1 device" / "vifaa 3".
std::string words_for_devices(Lang lang, int devices);
// The allowance: "1 hour", "500 MB", "1 hour, 500 MB" (time first), with "counted only while
// online" for connected-time plans.
std::string words_for_allowance(Lang lang, const PlanOffer& offer);

}  // namespace hotspot::portal
