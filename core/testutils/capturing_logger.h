#pragma once
// A Logger that keeps every event in memory, so tests can assert on what was logged by id.

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "core/log.h"

namespace hotspot::testing {

struct LogEntry {
  LogLevel level;
  std::string module;
  std::string id;
  std::string message;
};

class CapturingLogger final : public Logger {
 public:
  explicit CapturingLogger(LogLevel min_level = LogLevel::debug) : min_level_(min_level) {}

  void log(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override {
    std::lock_guard lock(mu_);
    entries_.push_back({level, std::string(module), std::string(id), std::string(message)});
  }
  bool enabled(LogLevel level) const override { return level >= min_level_; }

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
  void clear() {
    std::lock_guard lock(mu_);
    entries_.clear();
  }

 private:
  const LogLevel min_level_;
  mutable std::mutex mu_;
  std::vector<LogEntry> entries_;
};

}  // namespace hotspot::testing
