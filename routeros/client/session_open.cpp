// Opening a session: connect and log in, each under its own deadline.
#include <cctype>
#include <string>
#include <utility>

#include <boost/asio/error.hpp>

#include "routeros/client/handler_guard.h"
#include "routeros/client/session.h"
#include "routeros/client/tls_transport.h"

namespace hotspot::routeros {

namespace asio = boost::asio;

namespace {

RouterError connect_error(const SessionOptions& options, ErrorCode ec) {
  const std::string where = options.host + ":" + std::to_string(options.port);
  if (ec == asio::error::connection_refused) {
    return router_error(RouterErrc::refused, "The router at " + where +
                                                 " refused the connection; is its API service "
                                                 "enabled and open to this address?");
  }
  if (ec.category() == tls_category()) {
    return router_error(RouterErrc::tls, "The router at " + where + ": " + ec.message() + ".");
  }
  if (ec == asio::error::timed_out) {
    return router_error(RouterErrc::timeout, "The router at " + where + " did not answer.");
  }
  return router_error(RouterErrc::unreachable,
                      "The router at " + where + " cannot be reached: " + ec.message() + ".");
}

}  // namespace

void Session::async_open(OpenHandler handler) {
  if (state_ != State::idle) {
    post_open(std::move(handler), router_error(RouterErrc::closed,
                                               "This session was already opened once; a new "
                                               "connection needs a new session."));
    return;
  }
  state_ = State::connecting;
  open_handler_ = std::move(handler);
  arm_open_timer(options_.connect_timeout);
  std::weak_ptr<Session> weak = weak_from_this();
  connection_->connect(options_.host, options_.port, [weak](ErrorCode ec) {
    if (auto self = weak.lock()) self->on_connected(ec);
  });
}

void Session::arm_open_timer(std::chrono::milliseconds timeout) {
  open_timer_.expires_after(timeout);
  std::weak_ptr<Session> weak = weak_from_this();
  open_timer_.async_wait([weak](ErrorCode ec) {
    if (ec) return;  // cancelled: the phase ended in time
    auto self = weak.lock();
    if (!self) return;
    run_guarded(self->logger_, "the open deadline", [&] { self->on_open_deadline(); });
  });
}

void Session::on_open_deadline() {
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  if (state_ == State::connecting) {
    shut_down(router_error(RouterErrc::timeout,
                           "The router at " + where + " did not accept the connection within " +
                               describe_timeout(options_.connect_timeout) + "."));
  } else if (state_ == State::logging_in) {
    shut_down(router_error(RouterErrc::timeout,
                           "The router at " + where + " did not finish the login within " +
                               describe_timeout(options_.login_timeout) + "."));
  }
}

void Session::on_connected(ErrorCode ec) {
  if (state_ != State::connecting) return;  // timed out or closed meanwhile
  if (ec) {
    shut_down(connect_error(options_, ec));
    return;
  }
  state_ = State::logging_in;
  arm_open_timer(options_.login_timeout);
  connection_->start(
      Connection::Events{[this](Reply reply) { on_reply(std::move(reply)); },
                         [this](RouterError error) { on_connection_failure(std::move(error)); }});
  if (auto sent = send_command(login_.first_command()); !sent.ok()) {
    shut_down(router_error(RouterErrc::invalid_command,
                           "The login cannot be sent: " + sent.error().message));
  }
}

void Session::on_login_reply(const Reply& reply) {
  LoginExchange::Step step = login_.on_reply(reply);
  switch (step.next) {
    case LoginExchange::Next::wait:
      return;
    case LoginExchange::Next::send:
      if (auto sent = send_command(step.command); !sent.ok()) {
        shut_down(router_error(RouterErrc::invalid_command,
                               "The login cannot be sent: " + sent.error().message));
      }
      return;
    case LoginExchange::Next::failed:
      shut_down(step.error);
      return;
    case LoginExchange::Next::done:
      finish_open({});
      return;
  }
}

void Session::finish_open(RouterResult<void> result) {
  state_ = State::open;
  open_timer_.cancel();
  logger_.info("routeros", "ROUTEROS_SESSION_OPENED",
               "Logged in to " + options_.host + ":" + std::to_string(options_.port) + " as " +
                   options_.user + (login_.used_challenge() ? " (challenge login)." : "."));
  if (open_handler_) post_open(std::exchange(open_handler_, nullptr), std::move(result));
}

void Session::on_connection_failure(RouterError error) {
  if (state_ == State::logging_in && error.code == RouterErrc::closed) {
    // "The router closed the connection." -> "...during login: the router closed the connection."
    if (!error.message.empty())
      error.message[0] = static_cast<char>(std::tolower(error.message[0]));
    error.message = "The connection was lost during login: " + error.message;
  }
  shut_down(error);
}

}  // namespace hotspot::routeros
