#pragma once
// core/testutils' CapturingLogger with a threshold that can change, as the daemon's sink's can
// on SIGHUP: the App takes a LevelledLogger. Keeps every event in memory so that a test can
// assert on message ids; thread-safe, like the real sink.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
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
    std::lock_guard lock(mu_);
    entries_.push_back({level, std::string(module), std::string(id), std::string(message)});
  }
  bool enabled(LogLevel level) const override { return level >= level_.load(); }
  void set_level(LogLevel level) override { level_.store(level); }
  LogLevel level() const override { return level_.load(); }

  std::vector<LogEntry> entries() const {
    std::lock_guard lock(mu_);
    return entries_;
  }
  std::size_t count(std::string_view id) const {
    std::lock_guard lock(mu_);
    return static_cast<std::size_t>(std::count_if(
        entries_.begin(), entries_.end(), [&](const LogEntry& e) { return e.id == id; }));
  }
  bool contains(std::string_view id) const { return count(id) > 0; }
  // The message of the last event with this id, or empty.
  std::string last_message(std::string_view id) const {
    std::lock_guard lock(mu_);
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->id == id) return it->message;
    }
    return {};
  }
  // Every event formatted as the real sink would, for failure messages.
  std::string text() const {
    std::lock_guard lock(mu_);
    std::string out;
    for (const LogEntry& e : entries_) {
      out += format_log_line(e.level, e.module, e.id, e.message) + "\n";
    }
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    entries_.clear();
  }

 private:
  std::atomic<LogLevel> level_;
  mutable std::mutex mu_;
  std::vector<LogEntry> entries_;
};

}  // namespace hotspot::daemon::testing
