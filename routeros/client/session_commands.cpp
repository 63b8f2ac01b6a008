// Commands on an open session: tags, the demultiplexer, deadlines and /cancel (routeros.md §1.6).
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "routeros/client/handler_guard.h"
#include "routeros/client/session.h"

namespace hotspot::routeros {

namespace {

std::optional<std::uint64_t> parse_tag(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) return std::nullopt;
  return value;
}

}  // namespace

CommandId Session::async_run(Command command, ResponseHandler handler, RunOptions options) {
  const auto timeout = options.timeout.value_or(options_.command_timeout);
  return start_command(std::move(command), std::move(handler), nullptr, timeout);
}

CommandId Session::async_listen(Command command, RowHandler on_row, ResponseHandler handler,
                                RunOptions options) {
  if (!on_row) on_row = [](const Row&) {};  // an empty callback still marks it a stream
  return start_command(std::move(command), std::move(handler), std::move(on_row), options.timeout);
}

std::optional<RouterError> Session::refusal(const Command& command) const {
  if (state_ != State::open) {
    return router_error(RouterErrc::closed, "The session to the router is not open.");
  }
  if (user_commands_ >= options_.max_in_flight) {
    return router_error(RouterErrc::busy, "Too many commands are waiting for the router (" +
                                              std::to_string(options_.max_in_flight) + ").");
  }
  if (command.path == "/login" || command.path == "/cancel") {
    // Both change what the session's own bookkeeping relies on: who is logged in, and which
    // commands are still running (an untagged /cancel stops all of them).
    return router_error(
        RouterErrc::invalid_command,
        "The session sends " + command.path + " itself; use cancel() to stop a command.");
  }
  return std::nullopt;
}

CommandId Session::start_command(Command command, ResponseHandler handler, RowHandler on_row,
                                 std::optional<std::chrono::milliseconds> timeout) {
  if (auto refused = refusal(command)) {
    post_result(std::move(handler), std::move(*refused));
    return 0;
  }
  const std::uint64_t tag = next_tag_++;
  command.tag = std::to_string(tag);
  if (auto sent = send_command(command); !sent.ok()) {
    post_result(std::move(handler), router_error(RouterErrc::invalid_command,
                                                 "The command " + command.path +
                                                     " was not sent: " + sent.error().message));
    return 0;
  }
  const bool streaming = static_cast<bool>(on_row);  // before on_row is moved
  // The command is on the wire: its path moves to the collector, for the messages that name it.
  ReplyCollector collector(std::move(command.path), options_.max_rows, streaming);
  Pending& pending = track(tag, std::move(collector), std::move(handler), std::move(on_row));
  ++user_commands_;
  if (timeout) arm_deadline(pending, *timeout);
  return tag;
}

Session::Pending& Session::track(std::uint64_t tag, ReplyCollector collector,
                                 ResponseHandler handler, RowHandler on_row) {
  Pending pending{std::move(collector), std::move(handler), std::move(on_row), std::nullopt, {}};
  return pending_.insert_or_assign(tag, std::move(pending)).first->second;
}

Status Session::send_command(const Command& command) {
  if (auto valid = validate_command(command); !valid.ok()) return valid;
  connection_->send(command);
  return {};
}

bool Session::cancel(CommandId id) {
  auto it = pending_.find(id);
  if (it == pending_.end() || !it->second.handler || state_ != State::open) return false;
  if (it->second.collector.cancelling()) return true;  // one /cancel is enough
  it->second.collector.cancel_requested();
  send_cancel(id);
  return true;
}

// Our own /cancel is tracked like a command so that its !done finds a home, but it has no
// handler and does not count against max_in_flight.
void Session::send_cancel(std::uint64_t tag) {
  if (state_ != State::open) return;
  const std::uint64_t cancel_tag = next_tag_++;
  Command cancel{"/cancel", {{"tag", std::to_string(tag)}}, {}, std::to_string(cancel_tag)};
  if (!send_command(cancel).ok()) return;  // cannot fail: every word is ours
  Pending& pending = track(cancel_tag, ReplyCollector("/cancel", 0, false), nullptr, nullptr);
  arm_deadline(pending, options_.command_timeout);
}

void Session::arm_deadline(Pending& pending, std::chrono::milliseconds timeout) {
  pending.timeout = timeout;
  pending.deadline = std::chrono::steady_clock::now() + timeout;
  if (!deadline_timer_at_ || *pending.deadline < *deadline_timer_at_) {
    arm_deadline_timer(*pending.deadline);
  }
}

void Session::arm_deadline_timer(std::chrono::steady_clock::time_point at) {
  deadline_timer_at_ = at;
  deadline_timer_.expires_at(at);  // a wait already set ends with operation_aborted
  std::weak_ptr<Session> weak = weak_from_this();
  deadline_timer_.async_wait([weak](ErrorCode ec) {
    if (ec) return;  // set again for an earlier deadline, or the session closed
    auto self = weak.lock();
    if (!self) return;
    run_guarded(self->logger_, "a command deadline", [&] { self->on_deadline_timer(); });
  });
}

// Fails every command past its deadline, then sets the timer for the earliest one left. It may
// also run early (the command it was set for finished): then it only sets the timer again.
void Session::on_deadline_timer() {
  deadline_timer_at_.reset();
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::uint64_t> expired;
  for (const auto& [tag, pending] : pending_) {
    if (pending.deadline && *pending.deadline <= now) expired.push_back(tag);
  }
  for (std::uint64_t tag : expired) {
    if (state_ != State::open) return;  // a silent /cancel closed the session
    on_deadline(tag);
  }
  std::optional<std::chrono::steady_clock::time_point> earliest;
  for (const auto& [tag, pending] : pending_) {
    if (!pending.deadline) continue;
    if (!earliest || *pending.deadline < *earliest) earliest = pending.deadline;
  }
  if (earliest && state_ == State::open) arm_deadline_timer(*earliest);
}

void Session::on_deadline(std::uint64_t tag) {
  auto it = pending_.find(tag);
  if (it == pending_.end()) return;  // finished just before the timer fired
  if (!it->second.handler) {
    // A router that answers neither a command nor its /cancel has stopped answering at all;
    // closing lets the owner reconnect instead of timing out every command from now on.
    shut_down(router_error(RouterErrc::timeout,
                           "The router stopped answering: /cancel got no reply within " +
                               describe_timeout(it->second.timeout) + "."));
    return;
  }
  const std::string path = it->second.collector.path();
  logger_.warning("routeros", "ROUTEROS_COMMAND_TIMEOUT",
                  "No answer to " + path + " (tag " + std::to_string(tag) + "); cancelling it.");
  abandon(tag, router_error(RouterErrc::timeout, "The router did not finish " + path + " within " +
                                                     describe_timeout(it->second.timeout) + "."));
}

void Session::on_reply(Reply reply) {
  if (state_ == State::logging_in) {
    on_login_reply(reply);
    return;
  }
  if (state_ != State::open) return;
  if (reply.kind == ReplyKind::fatal) {
    shut_down(router_error(RouterErrc::fatal,
                           "The router ended the session: " + reply.fatal_reason + "."));
    return;
  }
  const auto tag = reply.tag ? parse_tag(*reply.tag) : std::nullopt;
  if (!tag || *tag >= next_tag_) {
    shut_down(router_error(RouterErrc::protocol,
                           std::string("The router sent a ") + reply_kind_name(reply.kind) +
                               " reply for a command this session never sent (tag '" +
                               reply.tag.value_or("") + "')."));
    return;
  }
  // A reply to a command already given up (timed out, too large) is dropped: the router
  // answers the /cancel we sent for it with the trap and !done that end it.
  if (pending_.count(*tag) == 0) return;
  route_reply(*tag, std::move(reply));
}

void Session::route_reply(std::uint64_t tag, Reply reply) {
  Pending& pending = pending_.find(tag)->second;
  switch (pending.collector.add(std::move(reply))) {
    case ReplyCollector::Progress::more:
      return;
    case ReplyCollector::Progress::row:
      post_row(pending.on_row, pending.collector.take_row());
      return;
    case ReplyCollector::Progress::overflow:
      abandon(tag, router_error(RouterErrc::too_large,
                                "The reply to " + pending.collector.path() + " has more than " +
                                    std::to_string(options_.max_rows) + " rows."));
      return;
    case ReplyCollector::Progress::complete:
      complete(tag, pending.collector.finish());
      return;
  }
}

void Session::complete(std::uint64_t tag, RouterResult<Response> result) {
  auto node = pending_.extract(tag);
  if (node.empty()) return;
  Pending& pending = node.mapped();
  if (!pending.handler) return;  // our own /cancel acknowledged
  --user_commands_;
  post_result(std::move(pending.handler), std::move(result));
}

void Session::abandon(std::uint64_t tag, RouterError error) {
  complete(tag, std::move(error));
  send_cancel(tag);
}

}  // namespace hotspot::routeros
