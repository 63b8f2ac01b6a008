#pragma once
// Stands in for systemd: records every notification so a test can wait for "READY=1" or
// count "WATCHDOG=1", and announces whatever watchdog timeout the test chooses.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/service_manager.h"

namespace hotspot::daemon::testing {

class FakeServiceManager final : public ServiceManager {
 public:
  explicit FakeServiceManager(std::optional<std::chrono::microseconds> watchdog = std::nullopt)
      : watchdog_(watchdog) {}

  void notify(std::string_view state) override {
    std::lock_guard lock(mu_);
    messages_.emplace_back(state);
    changed_.notify_all();
  }
  std::optional<std::chrono::microseconds> watchdog_timeout() override { return watchdog_; }

  std::vector<std::string> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  // How many messages carry this exact assignment on one of their lines ("WATCHDOG=1").
  std::size_t count(std::string_view assignment) const {
    std::lock_guard lock(mu_);
    return count_locked(assignment);
  }
  // Waits until at least `n` messages carry the assignment; false on timeout.
  bool wait_for(std::string_view assignment, std::size_t n = 1,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return count_locked(assignment) >= n; });
  }

 private:
  static bool has_line(const std::string& message, std::string_view assignment) {
    std::istringstream lines(message);
    for (std::string line; std::getline(lines, line);) {
      if (line == assignment) return true;
    }
    return false;
  }
  std::size_t count_locked(std::string_view assignment) const {
    return static_cast<std::size_t>(std::count_if(
        messages_.begin(), messages_.end(),
        [&](const std::string& m) { return has_line(m, assignment); }));
  }

  const std::optional<std::chrono::microseconds> watchdog_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<std::string> messages_;
};

}  // namespace hotspot::daemon::testing
