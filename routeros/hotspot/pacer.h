#pragma once
// Paces work sent to the router: at most `max_in_flight` jobs running and a token bucket of
// `per_second` starts (holding up to `burst`), so that a reconciliation of 10,000 users does
// not flood a small router's API. A job is started with a `done` callback it must call once.
//
// Not thread-safe: submit on the executor's thread. Held by shared_ptr; jobs keep it alive.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/log.h"

namespace hotspot::routeros {

struct PacingOptions {
  std::size_t max_in_flight = 20;
  double per_second = 200;  // 0: no rate limit, only max_in_flight
  std::size_t burst = 20;   // tokens the bucket holds (at least 1)
};

class Pacer : public std::enable_shared_from_this<Pacer> {
 public:
  using Done = std::function<void()>;
  using Job = std::function<void(Done)>;

  // `logger` records a job or idle handler that throws; it goes no further (the io_context
  // never sees an exception).
  static std::shared_ptr<Pacer> create(boost::asio::any_io_executor executor, PacingOptions options,
                                       Logger& logger);

  void submit(Job job);
  // Runs (posted) each time the queue is empty and nothing is in flight after a job ends;
  // also at once when it is set while idle.
  void on_idle(std::function<void()> handler);

  std::size_t in_flight() const { return in_flight_; }
  std::size_t max_in_flight_seen() const { return max_seen_; }
  std::size_t started() const { return started_; }

 private:
  Pacer(boost::asio::any_io_executor executor, PacingOptions options, Logger& logger);
  void pump();
  void refill();
  void start(Job job);
  void finished();
  void arm_timer();
  void notify_idle_if_done();

  boost::asio::any_io_executor executor_;
  PacingOptions options_;
  Logger& logger_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  std::deque<Job> queue_;
  std::size_t in_flight_ = 0;
  std::size_t max_seen_ = 0;
  std::size_t started_ = 0;
  double tokens_;
  std::chrono::steady_clock::time_point last_refill_;
  std::function<void()> idle_handler_;
};

}  // namespace hotspot::routeros
