#pragma once
// The provider's dashboard: HTTP on its own address (never the customer portal's), behind a
// sign-in with the accounts in the books. Owners see everything; attendants see the overview.
// Served by the same event loop as the portal (portal/event_loop_server.h), with smaller caps:
// a few staff use it, and nobody on the LAN can hold it up by leaving connections open.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "portal/dashboard/backend.h"
#include "portal/dashboard/sessions.h"

namespace hotspot::dashboard {

struct DashboardOptions {
  std::string address = "127.0.0.1";
  int port = 8081;  // 0 picks a free port; DashboardServer::port() tells which
  std::size_t worker_threads = 4;
  std::size_t max_connections = 64;
  std::size_t max_body_bytes = 16 * 1024;
  SessionTable::Options sessions;
  // Wrong passwords allowed per client address and per username before a wait.
  AttemptLimiter::Options sign_in_attempts;
};

class DashboardServer {
 public:
  // `backend`, `clock` and `logger` must outlive the server, or at least its stop().
  DashboardServer(DashboardBackend& backend, const Clock& clock, Logger& logger,
                  DashboardOptions options);
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;

  // Binds and serves on the server's own threads; an error when it cannot bind or was started
  // before.
  Status start();
  // Stops accepting, finishes the requests being answered and closes every connection. Safe
  // to call more than once and before start().
  void stop();
  int port() const;

 private:
  struct Shared;
  std::unique_ptr<Shared> shared_;
  mutable std::mutex lifecycle_mu_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace hotspot::dashboard
