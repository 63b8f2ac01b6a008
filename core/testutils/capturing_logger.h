#pragma once
// A Logger that keeps every event in memory, so tests can assert on what was logged by id.

#include <algorithm>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.h"

namespace hotspot::testing {

struct LogEntry {
  LogLevel level;
  std::string module;
  std::string id;
  std::string message;
};

// The events a capturing logger has seen, and the questions tests ask of them. Thread-safe.
class LogRecord {
 public:
  void add(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) {
    std::lock_guard lock(mu_);
    entries_.push_back({level, std::string(module), std::string(id), std::string(message)});
  }
  std::vector<LogEntry> entries() const {
    std::lock_guard lock(mu_);
    return entries_;
  }
  bool contains(std::string_view id) const { return count(id) > 0; }
  std::size_t count(std::string_view id) const {
    std::lock_guard lock(mu_);
    return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(),
                                                  [id](const LogEntry& e) { return e.id == id; }));
  }
  // The message of the last event with this id, or empty.
  std::string last_message(std::string_view id) const {
    std::lock_guard lock(mu_);
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->id == id) return it->message;
    }
    return {};
  }
  // Every event formatted as the real sinks would, for failure messages.
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
  mutable std::mutex mu_;
  std::vector<LogEntry> entries_;
};

class CapturingLogger final : public Logger {
 public:
  explicit CapturingLogger(LogLevel min_level = LogLevel::debug) : min_level_(min_level) {}

  void log(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override {
    record_.add(level, module, id, message);
  }
  bool enabled(LogLevel level) const override { return level >= min_level_; }

  std::vector<LogEntry> entries() const { return record_.entries(); }
  bool contains(std::string_view id) const { return record_.contains(id); }
  std::size_t count(std::string_view id) const { return record_.count(id); }
  std::string last_message(std::string_view id) const { return record_.last_message(id); }
  std::string text() const { return record_.text(); }
  void clear() { record_.clear(); }

 private:
  const LogLevel min_level_;
  LogRecord record_;
};

}  // namespace hotspot::testing
