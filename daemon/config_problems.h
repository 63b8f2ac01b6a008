#pragma once
// Internal to the config parser: collects every problem in a document with its position, and
// suggests the key that was probably meant.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "daemon/json_locations.h"

namespace hotspot::daemon {

class ConfigProblems {
 public:
  // Enough for any real file; past this the rest would only be noise.
  static constexpr std::size_t kMaxReported = 10;

  ConfigProblems(std::string_view source, const JsonLocations& locations)
      : source_(source), locations_(locations) {}

  // "<source>:<line>:<column>: <path>: <message>", pointing at the member's value.
  void at_value(std::string_view path, std::string_view message);
  // The same, pointing at the member's name (unknown and duplicate keys).
  void at_key(std::string_view path, std::string_view message);
  // "<source>: <message>", for problems that belong to no member.
  void whole(std::string_view message);

  bool empty() const { return problems_.empty(); }
  // All problems, one per line, in the order they appear in the document.
  Error error() const;

 private:
  struct Problem {
    TextPosition at;  // {0, 0} for problems without a position, which come first
    std::string line;
  };
  void add(TextPosition at, std::string line);

  std::string source_;
  const JsonLocations& locations_;
  std::vector<Problem> problems_;
  std::size_t dropped_ = 0;
};

// A value as it appeared, for "(got ...)": compact JSON, cut short when long.
std::string shown_value(const nlohmann::json& value);

// The known name closest to `name` (case-insensitive edit distance of at most 2, and less than
// half the name), or empty when nothing is close enough to suggest.
std::string closest_name(std::string_view name, std::span<const std::string_view> known);

// Reports every member of `object` not in `known` as "unknown key 'x'" (with a suggestion).
void report_unknown_keys(const nlohmann::json& object, std::string_view path,
                         std::span<const std::string_view> known, ConfigProblems& problems);

}  // namespace hotspot::daemon
