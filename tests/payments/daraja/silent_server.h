#pragma once
// An HTTPS server that reads a request and keeps it unanswered until it is destroyed: what a
// client sees when Daraja takes a request and the answer never comes back.

#include <condition_variable>
#include <memory>
#include <mutex>

#include "payments/http/https_server.h"
#include "tests/payments/http/server_thread.h"

namespace hotspot::payments::testing {

// Accepts the request and keeps it unanswered until the test ends.
class SilentServer {
 public:
  explicit SilentServer(ServerThread& thread, std::shared_ptr<http::TlsIdentity> identity)
      : thread_(thread) {
    port_ = thread_.run([&] {
      http::HttpsServerOptions options;
      options.identity = identity;
      server_ = std::make_unique<http::HttpsServer>(
          thread_.io().get_executor(), options, [this](const http::ServerRequest&) {
            std::unique_lock lock(mu_);
            released_.wait(lock, [&] { return release_; });
            return http::ServerResponse{500, "text/plain", "too late"};
          });
      return server_->listen("127.0.0.1", 0) ? server_->port() : std::uint16_t(0);
    });
  }
  ~SilentServer() {
    {
      std::lock_guard lock(mu_);
      release_ = true;
    }
    released_.notify_all();
    thread_.run([&] {
      server_.reset();
      return 0;
    });
  }
  std::uint16_t port() const { return port_; }

 private:
  ServerThread& thread_;
  std::unique_ptr<http::HttpsServer> server_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::condition_variable released_;
  bool release_ = false;
};

}  // namespace hotspot::payments::testing
