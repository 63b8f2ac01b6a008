#pragma once
// Helpers for reading a generated script in tests.

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace hotspot::routeros::testing {

inline std::vector<std::string> script_lines(const std::string& script) {
  std::vector<std::string> lines;
  std::istringstream in(script);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// Double quotes that are not escaped by a backslash.
inline int unescaped_quotes(const std::string& line) {
  int count = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '"') {
      ++count;
    }
  }
  return count;
}

}  // namespace hotspot::routeros::testing
