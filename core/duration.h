#pragma once
// Durations as RouterOS prints and accepts them ("1w2d3h4m5s", "01:00:00", "6w6d18:33:07")
// and as people type them ("1 hour", "30 minutes", "2 days").

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

using Seconds = std::chrono::seconds;

// Accepts, case-insensitively and ignoring surrounding spaces:
//  - RouterOS units, largest first or in any order: "1w2d3h4m5s", "30m", "0s", "90s";
//    "ms"/"us"/"ns" fractions are accepted and truncated to whole seconds;
//  - the clock form "HH:MM:SS" (hours may exceed 23), optionally after units ("6w6d18:33:07");
//  - human words: "1 hour", "2 hours", "30 min", "90 minutes", "1 day", "1 week", "45 seconds",
//    several joined by spaces or "and" ("1 hour 30 minutes");
//  - a bare integer, meaning seconds.
// Rejects negatives, empty text, unknown units and totals past 100 years.
Result<Seconds> parse_duration(std::string_view text);

// "1w2d3h4m5s"; zero prints as "0s".
std::string format_routeros_duration(Seconds d);
// "HH:MM:SS", hours unbounded ("49:00:00").
std::string format_clock_duration(Seconds d);
// "1 hour 30 minutes", "2 days", "45 seconds"; at most the two largest units, rounded down.
std::string format_human_duration(Seconds d);

}  // namespace hotspot
