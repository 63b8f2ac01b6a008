#pragma once
// The daemon's one authenticated session to the router, kept up: it opens a Session, and when
// the session cannot be opened or is lost it tries again after an exponential backoff with
// jitter (so that many appliances behind one flaky uplink do not retry in step), until stopped.
// Its state and the last failure are visible for status reports.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/log.h"
#include "core/random.h"
#include "routeros/client/session.h"
#include "routeros/client/tls_transport.h"

namespace hotspot::routeros {

// Attempt 0 waits `min`; each further attempt doubles it up to `max`; the wait is then spread
// over [half, all] of that by `jitter` in [0, 1).
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds min,
                                        std::chrono::milliseconds max, double jitter);

struct RouterLinkOptions {
  SessionOptions session;
  std::optional<TlsOptions> tls;  // set: API-SSL
  std::chrono::milliseconds min_backoff{1000};
  std::chrono::milliseconds max_backoff{60'000};
};

class RouterLink : public std::enable_shared_from_this<RouterLink> {
 public:
  enum class State { stopped, connecting, up, waiting };
  struct Status {
    State state = State::stopped;
    int failed_attempts = 0;       // since the last successful open
    std::string last_error;        // one sentence, empty when none yet
    bool challenge_login = false;  // the router wanted the pre-6.43 login
  };
  using TransportFactory = std::function<std::unique_ptr<Transport>()>;

  static std::shared_ptr<RouterLink> create(boost::asio::io_context& io, RouterLinkOptions options,
                                            Logger& log, TransportFactory transports = {});
  void start();
  void stop();
  // Called on the io_context each time a session is up (e.g. to reconcile at once).
  void on_up(std::function<void(const std::shared_ptr<Session>&)> handler) { up_handler_ = std::move(handler); }

  // The open session, or null while there is none.
  std::shared_ptr<Session> session() const { return state_ == State::up ? session_ : nullptr; }
  Status status() const;
  static const char* state_name(State state);

 private:
  RouterLink(boost::asio::io_context& io, RouterLinkOptions options, Logger& log,
             TransportFactory transports);
  void connect();
  void opened(const RouterResult<void>& result);
  void lost(const RouterError& error);
  void retry_later();

  boost::asio::io_context& io_;
  RouterLinkOptions options_;
  Logger& log_;
  TransportFactory transports_;
  std::unique_ptr<RandomSource> random_;
  boost::asio::steady_timer retry_timer_;
  std::shared_ptr<Session> session_;
  std::function<void(const std::shared_ptr<Session>&)> up_handler_;
  State state_ = State::stopped;
  int failed_attempts_ = 0;
  std::string last_error_;
};

}  // namespace hotspot::routeros
