#pragma once
// Where each member of a JSON document sits in its text, so that config errors can say
// "hotspotd.json:4:13: portal.port: ..." instead of leaving the technician to search.
// nlohmann/json 3.11 keeps no positions for parsed values, hence this small second pass.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotspot::daemon {

struct TextPosition {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in bytes
};

// The line and column of a byte offset into `text` (an offset past the end clamps to the end).
TextPosition position_of(std::string_view text, std::size_t byte_offset);

struct MemberLocation {
  TextPosition key;    // the opening quote of the member's name
  TextPosition value;  // the first character of its value
};

struct DuplicateKey {
  std::string path;
  TextPosition first;
  TextPosition again;
};

struct JsonLocations {
  // Keyed by dotted path: "portal.port"; array elements as "servers[2].name".
  std::map<std::string, MemberLocation, std::less<>> members;
  std::vector<DuplicateKey> duplicates;  // nlohmann would silently keep the last one
};

inline constexpr std::size_t kMaxJsonNesting = 32;

// Scans text that nlohmann::json has already accepted. Fails only when objects and arrays nest
// deeper than kMaxJsonNesting (a config never does; this bounds the recursion).
Result<JsonLocations> locate_json_members(std::string_view text);

}  // namespace hotspot::daemon
