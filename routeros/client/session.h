#pragma once
// One authenticated RouterOS API session (routeros.md §1): connect and log in under deadlines,
// then many commands in flight at once, each under its own .tag with its own deadline, their
// replies routed back by tag. A command past its deadline fails with timeout and is cancelled
// on the router; a router that does not answer that /cancel either is taken as gone.
//
// A session is used once: after it closes (by request, a lost connection, !fatal, a protocol
// error or a router gone silent, every pending command failed with the reason) the owner
// makes a new one, with whatever backoff it chooses.
//
// Not thread-safe: call it on the transport's io_context thread. Every handler is posted to
// that executor, never run inside the call that caused it. Destroying the session closes it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/log.h"
#include "routeros/client/connection.h"
#include "routeros/client/login.h"
#include "routeros/client/response.h"
#include "routeros/client/router_error.h"
#include "routeros/client/transport.h"
#include "routeros/protocol.h"

namespace hotspot::routeros {

struct SessionOptions {
  std::string host;
  std::uint16_t port = 8728;
  std::string user;
  std::string password;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds login_timeout{5000};
  std::chrono::milliseconds command_timeout{10000};
  std::size_t max_in_flight = 64;  // commands and listens; more are refused with busy
  std::size_t max_rows = 100'000;  // rows of one command's reply; more fail it with too_large
  DecoderLimits limits;            // word, sentence size bounds for everything received
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  using OpenHandler = std::function<void(RouterResult<void>)>;

  static std::shared_ptr<Session> create(std::unique_ptr<Transport> transport,
                                         SessionOptions options, Logger& logger);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Connects and logs in; `handler` gets the outcome once.
  void async_open(OpenHandler handler);
  // The session owns .tag: any tag in `command` is replaced. Returns the command's id, or 0
  // when it was refused at once (its handler still runs, with the reason).
  CommandId async_run(Command command, ResponseHandler handler, RunOptions options = {});
  // Like async_run, but each !re goes to `on_row` as it arrives, until cancel() (then the
  // handler gets an empty success) or the router ends it.
  CommandId async_listen(Command command, RowHandler on_row, ResponseHandler handler,
                         RunOptions options = {});
  // Sends /cancel for the command; false when it is not in flight.
  bool cancel(CommandId id);
  void close();
  // Called (posted) once if an open session closes for any reason but close(): the owner's cue
  // to reconnect.
  void on_lost(std::function<void(const RouterError&)> handler) { lost_handler_ = std::move(handler); }

  bool is_open() const { return state_ == State::open; }
  // Whether the router wanted the pre-6.43 challenge login.
  bool used_challenge_login() const { return login_.used_challenge(); }
  std::size_t in_flight() const;

 private:
  enum class State { idle, connecting, logging_in, open, closed };
  std::function<void(const RouterError&)> lost_handler_;
  bool closing_ = false;  // close() was called: the end is ours, not news
  struct Pending {
    ReplyCollector collector;
    ResponseHandler handler;  // empty for our own /cancel commands
    RowHandler on_row;
    std::optional<std::chrono::steady_clock::time_point> deadline;  // none for a listen
    std::chrono::milliseconds timeout{0};
  };

  Session(std::unique_ptr<Transport> transport, SessionOptions options, Logger& logger);

  // Opening (session_open.cpp).
  void on_connected(ErrorCode ec);
  void on_open_deadline();
  void on_login_reply(const Reply& reply);
  void finish_open(RouterResult<void> result);
  void arm_open_timer(std::chrono::milliseconds timeout);
  void on_connection_failure(RouterError error);

  // Commands (session_commands.cpp).
  // Why a command cannot start now (closed, busy, a path the session reserves), if it cannot.
  std::optional<RouterError> refusal(const Command& command) const;
  CommandId start_command(Command command, ResponseHandler handler, RowHandler on_row,
                          std::optional<std::chrono::milliseconds> timeout);
  Pending& track(std::uint64_t tag, ReplyCollector collector, ResponseHandler handler,
                 RowHandler on_row);
  void on_reply(Reply reply);
  void route_reply(std::uint64_t tag, Reply reply);
  void complete(std::uint64_t tag, RouterResult<Response> result);
  void abandon(std::uint64_t tag, RouterError error);
  void on_deadline(std::uint64_t tag);
  void send_cancel(std::uint64_t tag);
  void arm_deadline(Pending& pending, std::chrono::milliseconds timeout);
  void arm_deadline_timer(std::chrono::steady_clock::time_point at);
  void on_deadline_timer();
  void fail_all(const RouterError& error);
  Status send_command(const Command& command);
  void shut_down(const RouterError& error);

  // Posting (session.cpp): handlers run later and never throw into the io_context.
  void post_result(ResponseHandler handler, RouterResult<Response> result);
  void post_row(const RowHandler& on_row, Row row);
  void post_open(OpenHandler handler, RouterResult<void> result);

  boost::asio::any_io_executor executor_;
  SessionOptions options_;
  Logger& logger_;
  std::shared_ptr<Connection> connection_;
  LoginExchange login_;
  State state_ = State::idle;
  OpenHandler open_handler_;
  boost::asio::steady_timer open_timer_;
  std::map<std::uint64_t, Pending> pending_;
  // One timer for every command's deadline, set for the earliest of them; when it fires, the
  // commands past theirs fail and it is set again. A timer per command cost the reactor a
  // queue insert, a cancel and a posted handler for every command.
  boost::asio::steady_timer deadline_timer_;
  std::optional<std::chrono::steady_clock::time_point> deadline_timer_at_;  // when set
  std::size_t user_commands_ = 0;  // pending_ minus our own /cancel commands
  std::uint64_t next_tag_ = 1;
};

}  // namespace hotspot::routeros
