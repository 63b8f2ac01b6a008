#include "daemon/service_manager.h"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace hotspot::daemon {

void SystemdServiceManager::notify(std::string_view state) {
  const std::string text(state);
  const int rc = sd_notify(0, text.c_str());
  if (rc < 0 && !reported_failure_) {
    reported_failure_ = true;
    log_.warning("daemon", "DAEMON_NOTIFY_FAILED",
                 std::string("cannot notify systemd: ") + std::strerror(-rc));
  }
}

std::optional<std::chrono::microseconds> SystemdServiceManager::watchdog_timeout() {
  std::uint64_t usec = 0;
  // > 0 only when $WATCHDOG_USEC is set and $WATCHDOG_PID, if set, names this process.
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

std::chrono::microseconds watchdog_ping_interval(std::chrono::microseconds timeout) {
  return std::max(timeout / 2, std::chrono::microseconds(1000));
}

std::string status_assignment(std::string_view text) {
  std::string out = "STATUS=";
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace hotspot::daemon
