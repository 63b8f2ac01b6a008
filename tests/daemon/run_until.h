#pragma once
// Runs an io_context in short slices until a condition holds or a watchdog runs out: the tests
// that drive the daemon's services on their own loop wait with it.

#include <chrono>
#include <functional>

#include <boost/asio/io_context.hpp>

namespace hotspot::daemon::testing {

// True when `done` held before `watchdog` ran out.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds watchdog = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + watchdog;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace hotspot::daemon::testing
