#pragma once
// The seam over systemd's notification protocol (sd_notify), so the lifecycle can be driven
// and checked in tests without a service manager.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/log.h"

namespace hotspot::daemon {

class ServiceManager {
 public:
  virtual ~ServiceManager() = default;
  // Sends newline-separated assignments such as "READY=1\nSTATUS=Serving".
  virtual void notify(std::string_view state) = 0;
  // The watchdog timeout systemd expects pings within, when it watches this process.
  virtual std::optional<std::chrono::microseconds> watchdog_timeout() = 0;
};

// Talks to systemd through libsystemd ($NOTIFY_SOCKET, $WATCHDOG_USEC, $WATCHDOG_PID).
// Outside systemd every call is a no-op. A failed send is logged once, not on every ping.
class SystemdServiceManager final : public ServiceManager {
 public:
  explicit SystemdServiceManager(Logger& log) : log_(log) {}
  void notify(std::string_view state) override;
  std::optional<std::chrono::microseconds> watchdog_timeout() override;

 private:
  Logger& log_;
  bool reported_failure_ = false;
};

// How often to ping: half the timeout, as sd_watchdog_enabled(3) advises, so that one late
// tick does not get the daemon killed.
std::chrono::microseconds watchdog_ping_interval(std::chrono::microseconds timeout);

// "STATUS=..." values must stay on one line.
std::string status_assignment(std::string_view text);

}  // namespace hotspot::daemon
