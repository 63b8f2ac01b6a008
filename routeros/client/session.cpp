#include "routeros/client/session.h"

#include <utility>

#include <boost/asio/post.hpp>

#include "routeros/client/handler_guard.h"

namespace hotspot::routeros {

namespace asio = boost::asio;

std::shared_ptr<Session> Session::create(std::unique_ptr<Transport> transport,
                                         SessionOptions options, Logger& logger) {
  // The constructor is private so that a session always lives in a shared_ptr: handlers hold
  // it weakly and a session dropped by its owner closes instead of being kept alive by them.
  return std::shared_ptr<Session>(new Session(std::move(transport), std::move(options), logger));
}

Session::Session(std::unique_ptr<Transport> transport, SessionOptions options, Logger& logger)
    : executor_(transport->executor()),
      options_(std::move(options)),
      logger_(logger),
      connection_(std::make_shared<Connection>(std::move(transport), options_.limits, logger)),
      login_(options_.user, options_.password),
      open_timer_(executor_),
      deadline_timer_(executor_) {}

Session::~Session() {
  run_guarded(logger_, "closing the session", [this] {
    shut_down(router_error(RouterErrc::closed, "The session to the router was closed."));
  });
}

void Session::close() {
  lost_handler_ = nullptr;  // closing on purpose is not losing the router
  if (state_ == State::open) logger_.info("routeros", "ROUTEROS_SESSION_ENDED", "closed the session to the router");
  closing_ = true;
  shut_down(router_error(RouterErrc::closed, "The session to the router was closed."));
}

std::size_t Session::in_flight() const { return user_commands_; }

void Session::shut_down(const RouterError& error) {
  if (state_ == State::closed) return;
  const bool was_open = state_ == State::open;
  state_ = State::closed;
  open_timer_.cancel();
  deadline_timer_.cancel();
  deadline_timer_at_.reset();
  connection_->close();
  if (open_handler_) post_open(std::exchange(open_handler_, nullptr), error);
  fail_all(error);
  if (was_open && !closing_) logger_.warning("routeros", "ROUTEROS_SESSION_CLOSED", error.message);
  if (was_open && lost_handler_) {
    asio::post(executor_, [handler = std::exchange(lost_handler_, nullptr), error] { handler(error); });
  }
}

void Session::fail_all(const RouterError& error) {
  auto pending = std::exchange(pending_, {});
  user_commands_ = 0;
  for (auto& [tag, command] : pending) {
    if (command.handler) post_result(std::move(command.handler), error);
  }
}

void Session::post_result(ResponseHandler handler, RouterResult<Response> result) {
  if (!handler) return;
  asio::post(executor_, [handler = std::move(handler), result = std::move(result),
                         &logger = logger_]() mutable {
    run_guarded(logger, "a RouterOS command handler", [&] { handler(std::move(result)); });
  });
}

void Session::post_row(const RowHandler& on_row, Row row) {
  asio::post(executor_, [on_row, row = std::move(row), &logger = logger_] {
    run_guarded(logger, "a RouterOS listen handler", [&] { on_row(row); });
  });
}

void Session::post_open(OpenHandler handler, RouterResult<void> result) {
  asio::post(executor_, [handler = std::move(handler), result = std::move(result),
                         &logger = logger_]() mutable {
    run_guarded(logger, "the RouterOS open handler", [&] { handler(std::move(result)); });
  });
}

}  // namespace hotspot::routeros
