#pragma once
// Data sizes ("500M", "1G", "1.5 GB") and link rates ("512k", "5M").
// Sizes are binary (1M = 1,048,576 bytes), matching what RouterOS shows for byte limits;
// rates are bits per second with decimal prefixes, as RouterOS rate-limit strings use.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

// Accepts "1048576", "500M", "500MB", "500 MiB", "1G", "1.5G", "2T", "64k"; case-insensitive.
// Rejects negatives, empty text, unknown suffixes and overflow.
Result<std::uint64_t> parse_byte_size(std::string_view text);
// The shortest exact form: "500M", "1G", "1536M", "1000" (plain bytes when not a whole unit).
std::string format_byte_size(std::uint64_t bytes);
// For people: "1.5 GB", "500 MB", "12 KB", "10 bytes" (binary units, one decimal at most).
std::string format_human_bytes(std::uint64_t bytes);

// Accepts "512k", "5M", "1G", "2000000", "5 Mbps"; returns bits per second. Zero means unlimited.
Result<std::uint64_t> parse_rate(std::string_view text);
// RouterOS form: "512k", "5M", "1500000" -> "1500k".
std::string format_rate(std::uint64_t bits_per_second);

}  // namespace hotspot
