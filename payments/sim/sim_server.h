#pragma once
// The Daraja simulator on the network: DarajaSim behind an HTTPS server, and its callbacks
// delivered with the HTTPS client after their delays. What `daraja-sim` and `hotspotd --demo`
// run, and what the tests pay against.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "core/clock.h"
#include "core/log.h"
#include "payments/http/https_client.h"
#include "payments/http/https_server.h"
#include "payments/sim/daraja_sim.h"

namespace hotspot::payments::sim {

struct SimServerOptions {
  SimOptions daraja;
  http::HttpsServerOptions server;  // its identity makes it HTTPS; none, plain HTTP
  // The CAs trusted when delivering callbacks to https:// receivers; null: the system bundle.
  std::shared_ptr<http::TlsTrust> callback_trust;
  std::chrono::milliseconds callback_deadline{10000};
  Logger* logger = nullptr;  // null: silent
};

class SimServer {
 public:
  // `clock` must outlive the server.
  SimServer(boost::asio::any_io_executor executor, SimServerOptions options, const Clock& clock);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  Status listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const { return server_.port(); }
  // Stops accepting and drops the callbacks not yet sent.
  void stop();
  DarajaSim& daraja() { return daraja_; }

 private:
  http::ServerResponse answer(const http::ServerRequest& request);
  void deliver(const CallbackDelivery& callback);
  void post_callback(const CallbackDelivery& callback);

  boost::asio::any_io_executor executor_;
  DarajaSim daraja_;
  http::HttpsServer server_;
  http::NetworkHttpsClient callbacks_;
  std::chrono::milliseconds callback_deadline_;
  NullLogger silent_;
  Logger* logger_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace hotspot::payments::sim
