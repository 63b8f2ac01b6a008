#pragma once
// The customer-facing HTTP server of the captive portal: phones on the hotspot reach it from
// the router's login page. It faces hostile clients, so every resource is capped: threads,
// connections, requests per connection, body size, header count, and read, write and keep-alive
// timeouts. No request can make it answer 500 or show a stack trace.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "portal/backend.h"

namespace hotspot::portal {

struct PortalOptions {
  std::string address = "0.0.0.0";
  int port = 80;  // 0 picks a free port; PortalServer::port() tells which
  // "host[:port]" that phones reach the portal at, for RFC 8908's user-portal-url when a
  // request's Host header is missing or not a plain host name; empty: address and port.
  std::string public_host;

  // The event loops that read and write every connection (see event_loop_server.h): a phone
  // holding a connection open costs a buffer, not a thread. The landing page, the RFC 8908 API
  // and the health check are answered on them. More loops than cores: when the cores are busy,
  // a loop the kernel sets aside delays only its share of the phones (on two cores under 200
  // clients, p99 20 ms with 2 loops, 10 ms with 4, 8 to 10 ms with 8, no better with 16).
  std::size_t loop_threads = 8;
  // The routes that may wait (a redemption waits for the router and a commit, a purchase for
  // its record) run on these: the number that may wait at once before the rest queue.
  std::size_t worker_threads = 16;
  std::size_t max_connections = 1000;
  // A connection closes after `keep_alive_max_requests` requests or `keep_alive_timeout` idle.
  std::size_t keep_alive_max_requests = 1000;
  std::chrono::seconds keep_alive_timeout{15};
  // The longest a request may take to arrive, from its first byte to its last (a phone that
  // sends half a request, or a byte now and then, is dropped then), and the longest a response
  // may take to leave.
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
  // Stops accepting, waits for the handlers running now, and closes every connection; a request
  // that reached a worker after the handlers stopped is answered "restarting" without touching
  // the backend, the clock or the logger. Safe to call more than once and before start().
  void stop();

  // The bound port once started (the chosen one when the options said 0), else 0.
  int port() const { return port_.load(); }

 private:
  struct Shared;

  static void configure(Shared& shared);

  std::unique_ptr<Shared> shared_;
  std::mutex lifecycle_mu_;
  std::atomic<int> port_{0};
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace hotspot::portal
