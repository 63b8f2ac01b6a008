#pragma once
// Keeps tickets honest while customers are online: every few seconds it reads the router's live
// sessions, records them and their counters in the books, then ends the tickets whose time or
// data is used up (in the books first, durably), kicks their sessions and has reconciliation
// remove their hotspot users. The sweep runs even while the router is down, so that wall-clock
// tickets still end on time in the books; the router catches up when it is back.
//
// The books are written on a worker thread of its own: the event loop never waits for a commit.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/clock.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "daemon/live_sessions.h"
#include "daemon/router_service.h"
#include "daemon/time_trust.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct UsageServiceOptions {
  std::chrono::milliseconds interval{10'000};
  // Whether NTP keeps the clock synchronised; the kernel's answer unless a test says otherwise.
  std::function<bool()> clock_synchronised = kernel_clock_synchronised;
};

class UsageService : public std::enable_shared_from_this<UsageService> {
 public:
  static std::shared_ptr<UsageService> create(boost::asio::io_context& io, storage::Store& store,
                                              RouterService& router, LiveSessions& live,
                                              const Clock& clock, Logger& log,
                                              UsageServiceOptions options = {});
  ~UsageService();
  void start();
  // Stops the timer and waits for the worker to finish what it is writing.
  void stop();
  // Polls and sweeps now (loop thread); skipped while a round is still running.
  void poll_now();
  // From any thread: a round as soon as the loop gets to it (after a logout, say).
  void poll_soon();
  // The time trust of the last round, for the portal's "time left" (any thread).
  SweepTime sweep_time() const;
  // Rounds finished so far (any thread); tests wait on it.
  std::uint64_t rounds() const { return rounds_.load(); }

 private:
  UsageService(boost::asio::io_context& io, storage::Store& store, RouterService& router,
               LiveSessions& live, const Clock& clock, Logger& log, UsageServiceOptions options);
  void schedule();
  // A round: the books learn the poll (if any) on the worker; when sessions ended, the router's
  // counters for their users are read on the loop (they hold the seconds and bytes between the
  // last poll and the end); then, on the worker again, the sweep.
  struct FinalCounters {
    std::int64_t ticket_id = 0;
    std::int64_t uptime_s = 0;
    std::uint64_t bytes = 0;
  };
  using EndedTickets = std::vector<std::pair<std::int64_t, std::string>>;  // id, code
  void run_round(std::optional<std::vector<routeros::ActiveSession>> live, SweepTime time);
  EndedTickets record_poll(const std::vector<routeros::ActiveSession>& live);
  void read_final_counters(const EndedTickets& tickets, SweepTime time);
  void finish_round(const std::vector<FinalCounters>& counters, SweepTime time);
  std::vector<std::string> end_due_tickets(SweepTime time);
  void kick_ended(const std::vector<std::string>& codes);

  boost::asio::io_context& io_;
  storage::Store& store_;
  RouterService& router_;
  LiveSessions& live_;
  const Clock& clock_;
  Logger& log_;
  UsageServiceOptions options_;
  boost::asio::steady_timer timer_;
  boost::asio::thread_pool books_{1};
  TimeTrust trust_;
  mutable std::mutex time_mu_;
  SweepTime last_time_;
  std::atomic<bool> busy_{false};
  std::atomic<std::uint64_t> rounds_{0};
  bool stopped_ = false;
};

}  // namespace hotspot::daemon
