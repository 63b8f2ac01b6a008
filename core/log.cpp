#include "core/log.h"

#include <cstdio>

#include "core/internal/text.h"

namespace hotspot {

const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "unknown";
}

bool parse_log_level(std::string_view text, LogLevel& out) {
  struct Name {
    std::string_view text;
    LogLevel level;
  };
  static constexpr Name kNames[] = {{"debug", LogLevel::debug},
                                    {"info", LogLevel::info},
                                    {"warning", LogLevel::warning},
                                    {"warn", LogLevel::warning},
                                    {"error", LogLevel::error}};
  text = internal::trim(text);
  for (const Name& n : kNames) {
    if (internal::iequals(text, n.text)) {
      out = n.level;
      return true;
    }
  }
  return false;
}

namespace {

// One event must stay one line for journald and grep, so line breaks and other control
// bytes are escaped; everything else (UTF-8 included) passes through unchanged.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (b < 0x20 || b == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", b);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

std::string format_log_line(LogLevel level, std::string_view module, std::string_view id,
                            std::string_view message) {
  std::string line = log_level_name(level);
  line.push_back(' ');
  append_escaped(line, module);
  line.push_back(' ');
  append_escaped(line, id);
  line += ": ";
  append_escaped(line, message);
  return line;
}

}  // namespace hotspot
