#include "payments/sim/sim_server.h"

#include <boost/asio/steady_timer.hpp>

namespace hotspot::payments::sim {

namespace {
constexpr const char* kModule = "daraja-sim";
}

SimServer::SimServer(boost::asio::any_io_executor executor, SimServerOptions options,
                     const Clock& clock)
    : executor_(executor),
      daraja_(std::move(options.daraja), clock),
      server_(executor, std::move(options.server),
              [this](const http::ServerRequest& r) { return answer(r); }),
      callbacks_(executor, http::HttpsClientOptions{std::move(options.callback_trust)}),
      callback_deadline_(options.callback_deadline),
      logger_(options.logger ? options.logger : &silent_) {}

SimServer::~SimServer() { stop(); }

Status SimServer::listen(const std::string& host, std::uint16_t port) {
  return server_.listen(host, port);
}

void SimServer::stop() {
  server_.stop();
  alive_ = std::make_shared<int>(0);  // timers and deliveries in flight see they are orphans
}

http::ServerResponse SimServer::answer(const http::ServerRequest& request) {
  SimReply reply = daraja_.handle(request);
  logger_->info(
      kModule, "DARAJA_SIM_REQUEST",
      request.method + " " + request.target + " -> " + std::to_string(reply.response.status));
  for (const CallbackDelivery& callback : reply.callbacks) deliver(callback);
  return reply.response;
}

void SimServer::deliver(const CallbackDelivery& callback) {
  auto timer = std::make_shared<boost::asio::steady_timer>(executor_, callback.delay);
  std::weak_ptr<int> alive = alive_;
  timer->async_wait([this, timer, alive, callback](boost::system::error_code ec) {
    if (ec || alive.expired()) return;
    post_callback(callback);
  });
}

void SimServer::post_callback(const CallbackDelivery& callback) {
  http::HttpsRequest request;
  request.method = "POST";
  request.url = callback.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = callback.body;
  request.deadline = callback_deadline_;
  std::weak_ptr<int> alive = alive_;
  // Daraja documents no retries: a callback that fails is lost, and only logged.
  callbacks_.request(std::move(request), [this, alive,
                                          url = callback.url](Result<http::HttpsResponse> result) {
    if (alive.expired()) return;
    if (!result) {
      logger_->warning(kModule, "DARAJA_SIM_CALLBACK_FAILED", url + ": " + result.error().message);
    } else {
      logger_->info(kModule, "DARAJA_SIM_CALLBACK_SENT",
                    url + " answered " + std::to_string(result->status));
    }
  });
}

}  // namespace hotspot::payments::sim
