#include "routeros/client/router_link.h"

#include <algorithm>

#include "routeros/client/tcp_transport.h"

namespace hotspot::routeros {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds min,
                                        std::chrono::milliseconds max, double jitter) {
  long long ceiling = min.count();
  for (int i = 0; i < attempt && ceiling < max.count(); ++i) ceiling *= 2;
  ceiling = std::min(ceiling, static_cast<long long>(max.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(ceiling) * (0.5 + 0.5 * jitter)));
}

std::shared_ptr<RouterLink> RouterLink::create(boost::asio::io_context& io, RouterLinkOptions options,
                                               Logger& log, TransportFactory transports) {
  return std::shared_ptr<RouterLink>(new RouterLink(io, std::move(options), log, std::move(transports)));
}

RouterLink::RouterLink(boost::asio::io_context& io, RouterLinkOptions options, Logger& log,
                       TransportFactory transports)
    : io_(io), options_(std::move(options)), log_(log), transports_(std::move(transports)),
      random_(make_system_random()), retry_timer_(io) {
  if (!transports_) {
    transports_ = [this]() -> std::unique_ptr<Transport> {
      auto tcp = std::make_unique<TcpTransport>(io_);
      if (!options_.tls) return tcp;
      return std::make_unique<TlsTransport>(std::move(tcp), *options_.tls);
    };
  }
}

const char* RouterLink::state_name(State state) {
  switch (state) {
    case State::stopped: return "stopped";
    case State::connecting: return "connecting";
    case State::up: return "up";
    case State::waiting: return "waiting to retry";
  }
  return "unknown";
}

RouterLink::Status RouterLink::status() const {
  return {state_, failed_attempts_, last_error_, session_ && session_->used_challenge_login()};
}

void RouterLink::start() {
  if (state_ != State::stopped) return;
  connect();
}

void RouterLink::stop() {
  state_ = State::stopped;
  retry_timer_.cancel();
  if (session_) session_->close();
  session_.reset();
}

void RouterLink::connect() {
  state_ = State::connecting;
  session_ = Session::create(transports_(), options_.session, log_);
  std::weak_ptr<RouterLink> weak = weak_from_this();
  session_->async_open([weak](RouterResult<void> result) {
    if (auto self = weak.lock()) self->opened(result);
  });
}

void RouterLink::opened(const RouterResult<void>& result) {
  if (state_ != State::connecting) return;  // stopped meanwhile
  if (!result.ok()) {
    last_error_ = result.error().message;
    ++failed_attempts_;
    log_.warning("routeros", "ROUTEROS_CONNECT_FAILED", last_error_);
    retry_later();
    return;
  }
  state_ = State::up;
  failed_attempts_ = 0;
  log_.info("routeros", "ROUTEROS_CONNECTED",
            "logged in to " + options_.session.host + ":" + std::to_string(options_.session.port));
  std::weak_ptr<RouterLink> weak = weak_from_this();
  session_->on_lost([weak](const RouterError& error) {
    if (auto self = weak.lock()) self->lost(error);
  });
  if (up_handler_) up_handler_(session_);
}

void RouterLink::lost(const RouterError& error) {
  if (state_ != State::up) return;
  last_error_ = error.message;
  log_.warning("routeros", "ROUTEROS_CONNECTION_LOST", last_error_);
  retry_later();
}

void RouterLink::retry_later() {
  state_ = State::waiting;
  session_.reset();
  const double jitter = static_cast<double>(random_->uniform(1'000'000)) / 1'000'000.0;
  const auto delay = backoff_delay(std::max(0, failed_attempts_ - 1), options_.min_backoff,
                                   options_.max_backoff, jitter);
  retry_timer_.expires_after(delay);
  std::weak_ptr<RouterLink> weak = weak_from_this();
  retry_timer_.async_wait([weak](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->state_ != State::waiting) return;
    self->connect();
  });
}

}  // namespace hotspot::routeros
