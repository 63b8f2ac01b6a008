#pragma once
// core/testutils' capturing logger with a threshold that can change, as the daemon's sink's can
// on SIGHUP: the App takes a LevelledLogger.

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/testutils/capturing_logger.h"
#include "daemon/logging.h"

namespace hotspot::daemon::testing {

using hotspot::testing::LogEntry;

class CapturingLevelledLogger final : public LevelledLogger {
 public:
  explicit CapturingLevelledLogger(LogLevel level = LogLevel::debug) : level_(level) {}

  void log(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override {
    record_.add(level, module, id, message);
  }
  bool enabled(LogLevel level) const override { return level >= level_.load(); }
  void set_level(LogLevel level) override { level_.store(level); }
  LogLevel level() const override { return level_.load(); }

  std::vector<LogEntry> entries() const { return record_.entries(); }
  std::size_t count(std::string_view id) const { return record_.count(id); }
  bool contains(std::string_view id) const { return record_.contains(id); }
  std::string last_message(std::string_view id) const { return record_.last_message(id); }
  std::string text() const { return record_.text(); }
  void clear() { record_.clear(); }

 private:
  std::atomic<LogLevel> level_;
  hotspot::testing::LogRecord record_;
};

}  // namespace hotspot::daemon::testing
