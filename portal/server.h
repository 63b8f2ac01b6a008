#pragma once
// The customer-facing HTTP server of the captive portal: phones on the hotspot reach it from
// the router's login page. It faces hostile clients, so every resource is capped: worker
// threads, requests per connection, body size, header count, and read, write and keep-alive
// timeouts. No request can make it answer 500 or show a stack trace.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "portal/backend.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace hotspot::portal {

struct PortalOptions {
  std::string address = "0.0.0.0";
  int port = 80;  // 0 picks a free port; PortalServer::port() tells which
  // "host[:port]" that phones reach the portal at, for RFC 8908's user-portal-url when a
  // request's Host header is missing or not a plain host name; empty: address and port.
  std::string public_host;

  // cpp-httplib serves one connection per worker thread for as long as it is kept alive, so
  // the pool bounds the phones served at once and the keep-alive caps keep one phone from
  // holding a worker: a connection closes after `keep_alive_max_requests` requests or
  // `keep_alive_timeout` idle.
  std::size_t worker_threads = 64;
  std::size_t keep_alive_max_requests = 10;
  std::chrono::seconds keep_alive_timeout{5};
  // How long the server waits on a read or a write before dropping the connection (a phone
  // that sends half a request holds its worker this long at most).
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::size_t max_body_bytes = 16 * 1024;
  std::size_t max_headers = 64;  // more get 431

  // Wrong voucher codes allowed per phone (by MAC) and per client address before a lockout.
  AttemptLimiter::Options attempts;
};

class PortalServer {
 public:
  // `backend`, `clock` and `logger` must outlive the server, or at least its stop().
  PortalServer(PortalBackend& backend, const Clock& clock, Logger& logger, PortalOptions options);
  ~PortalServer();
  PortalServer(const PortalServer&) = delete;
  PortalServer& operator=(const PortalServer&) = delete;

  // Binds the listener and serves on the server's own threads; an error when it cannot bind
  // or was started before.
  Status start();
  // Stops accepting and waits for the handlers running now, not for phones that only hold a
  // connection open: those are answered "restarting" without touching the backend, the clock
  // or the logger, and closed by their workers within the read or keep-alive timeout, after
  // which the HTTP server frees itself. Safe to call more than once and before start().
  void stop();

  // The bound port once started (the chosen one when the options said 0), else 0.
  int port() const { return port_.load(); }

 private:
  // What the HTTP workers may still use after stop() returns: they keep it alive until the
  // last connection is gone.
  struct Shared;

  static void configure(Shared& shared);

  std::shared_ptr<Shared> shared_;
  std::mutex lifecycle_mu_;
  std::thread listener_;
  std::atomic<int> port_{0};
  bool started_ = false;
};

}  // namespace hotspot::portal
