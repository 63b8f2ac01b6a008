#pragma once
// Logging seam: one line per event with a level, a module tag and a stable message id
// (e.g. STORAGE_MIGRATED), so that both a person and journald filters can read it.
// The sinks that write to stderr live with the executables; tests use CapturingLogger.

#include <string>
#include <string_view>

namespace hotspot {

enum class LogLevel { debug = 0, info = 1, warning = 2, error = 3 };

const char* log_level_name(LogLevel level);
// Accepts "debug", "info", "warning" (or "warn") and "error".
bool parse_log_level(std::string_view text, LogLevel& out);

class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view module, std::string_view id,
                   std::string_view message) = 0;
  virtual bool enabled(LogLevel level) const = 0;

  void debug(std::string_view module, std::string_view id, std::string_view message) {
    if (enabled(LogLevel::debug)) log(LogLevel::debug, module, id, message);
  }
  void info(std::string_view module, std::string_view id, std::string_view message) {
    if (enabled(LogLevel::info)) log(LogLevel::info, module, id, message);
  }
  void warning(std::string_view module, std::string_view id, std::string_view message) {
    if (enabled(LogLevel::warning)) log(LogLevel::warning, module, id, message);
  }
  void error(std::string_view module, std::string_view id, std::string_view message) {
    if (enabled(LogLevel::error)) log(LogLevel::error, module, id, message);
  }
};

// Discards everything; for tools that have nothing to say.
class NullLogger final : public Logger {
 public:
  void log(LogLevel, std::string_view, std::string_view, std::string_view) override {}
  bool enabled(LogLevel) const override { return false; }
};

// Formats one event as a single journald-friendly line:
//   "<level> <module> <ID>: <message>" with newlines in the message escaped as "\n".
std::string format_log_line(LogLevel level, std::string_view module, std::string_view id,
                            std::string_view message);

}  // namespace hotspot
