#include "routeros/sim/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "routeros/sim/control.h"

namespace hotspot::routeros::sim {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kLinger{1000};

namespace {

std::string encode_replies(const Replies& replies) {
  std::string bytes;
  for (const Reply& r : replies) append_reply(bytes, r);
  return bytes;
}

bool exempt_from_trap_all(const Command& command) {
  return command.path == "/login" || command.path == "/cancel" || command.path == "/quit" ||
         is_control_command(command);
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, std::shared_ptr<ServerShared> shared, OnClosed on_closed)
    : socket_(std::move(socket)),
      shared_(std::move(shared)),
      on_closed_(std::move(on_closed)),
      decoder_(shared_->options.limits),
      login_timer_(socket_.get_executor()),
      idle_timer_(socket_.get_executor()),
      write_timer_(socket_.get_executor()),
      delay_timer_(socket_.get_executor()) {
  if (shared_->options.tls) tls_ = std::make_unique<TlsLayer>(shared_->options.tls);
}

Connection::~Connection() {
  // The session's listens are registered in the shared state.
  std::lock_guard lock(shared_->state_mutex);
  session_.reset();
}

void Connection::log_warning(const char* id, const std::string& message) {
  if (Logger* log = shared_->options.logger) log->warning("routeros-sim", id, peer_ + ": " + message);
}

void Connection::start() {
  boost::system::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("?") : remote.address().to_string() + ":" + std::to_string(remote.port());
  if (Logger* log = shared_->options.logger) {
    log->info("routeros-sim", "ROUTEROS_SIM_CONNECTED", peer_ + (tls_ ? " (API-SSL)" : ""));
  }
  std::weak_ptr<Connection> weak = weak_from_this();
  auto executor = socket_.get_executor();
  // Listen replies are produced wherever the state changes (maybe another thread, under the
  // state's lock); they are written from this connection's executor.
  auto push = [weak, executor](Replies replies) {
    asio::post(executor, [weak, replies = std::move(replies)] {
      if (auto self = weak.lock()) self->send(replies);
    });
  };
  {
    std::lock_guard lock(shared_->state_mutex);
    session_ = std::make_unique<ApiSession>(shared_->state, push);
  }
  arm_timer(login_timer_, shared_->options.login_timeout, "no login before the deadline");
  arm_idle_timer();
  read_more();
}

void Connection::arm_timer(asio::steady_timer& timer, std::chrono::milliseconds after, const char* why) {
  if (after.count() <= 0) return;
  timer.expires_after(after);
  timer.async_wait([weak = weak_from_this(), why](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the deadline was met
    if (auto self = weak.lock()) self->close(why);
  });
}

// A client that sends nothing for the idle timeout is dropped, unless it is listening: a
// listen is quiet on the client's side by nature.
void Connection::arm_idle_timer() {
  if (shared_->options.idle_timeout.count() <= 0) return;
  idle_timer_.expires_after(shared_->options.idle_timeout);
  idle_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_) return;
    if (self->session_ && self->session_->listening()) self->arm_idle_timer();
    else self->close("idle for too long");
  });
}

void Connection::read_more() {
  if (closed_ || stop_reading_ || reading_) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](
                                                     boost::system::error_code ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

void Connection::on_read(boost::system::error_code ec, std::size_t n) {
  reading_ = false;
  if (ec || closed_) {
    close(ec == asio::error::eof ? "closed by the client" : "read failed");
    return;
  }
  if (lingering_) {
    drain();
    return;
  }
  std::string_view received(buffer_.data(), n);
  std::string plaintext;
  if (tls_) {
    auto opened = tls_->receive(received);
    flush_tls();
    if (!opened) {
      log_warning("ROUTEROS_SIM_TLS_FAILED", opened.error().message);
      close("TLS failed");  // a failed handshake or a bad record: nothing more can be read
      return;
    }
    plaintext = std::move(*opened);
    received = plaintext;
  }
  decoder_.feed(received);
  answer_some();
}

// Answers up to kAnswersPerWrite of the commands received and writes their replies in one
// write; the rest are answered from a posted handler, after that write has started. A client
// that pipelines a long run of commands then reads the first replies, and sends the next
// commands, while the later ones are still being answered: both ends work at once instead
// of taking turns over the whole run. (Replies still share writes: one per command would cost
// a system call and a wake-up of the client each.)
void Connection::answer_some() {
  answering_ = true;
  const Answered answered = answer_decoded(kAnswersPerWrite);
  answering_ = false;
  write_next();
  if (answered == Answered::stop) return;
  if (answered == Answered::more_buffered) {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      if (!self->closed_) self->answer_some();
    });
    return;
  }
  arm_idle_timer();
  read_more();
}

Connection::Answered Connection::answer_decoded(int at_most) {
  for (int answered = 0; answered < at_most; ++answered) {
    auto next = decoder_.next();
    if (!next) {
      fail_stream(next.error().message);
      return Answered::stop;
    }
    if (!*next) return Answered::all;
    handle_sentence(std::move(**next));
    if (closed_ || stop_reading_) return Answered::stop;
  }
  return Answered::more_buffered;
}

// A stream that cannot be decoded cannot be resynchronised: say why and hang up.
void Connection::fail_stream(const std::string& reason) {
  log_warning("ROUTEROS_SIM_STREAM_REFUSED", reason);
  enqueue(encode_replies({fatal_reply(reason)}), true);
}

void Connection::handle_sentence(Sentence sentence) {
  auto command = parse_command(std::move(sentence));
  if (!command) {
    send(trap_replies(command.error().message));
    return;
  }
  Replies replies = answer(*command);
  if (session_->logged_in()) login_timer_.cancel();
  // A control command's own reply is never broken by the fault it just set.
  if (shared_->options.control_commands && is_control_command(*command)) send(replies);
  else send_with_faults(replies);
}

Replies Connection::answer(const Command& command) {
  std::lock_guard lock(shared_->state_mutex);
  if (shared_->options.control_commands && is_control_command(command)) {
    Replies replies = handle_control(command, shared_->state, shared_->faults);
    if (command.tag) {
      for (Reply& r : replies) r.tag = command.tag;
    }
    return replies;
  }
  if (shared_->faults.none()) return session_->handle(command);
  FaultSettings faults = shared_->faults.settings();
  if (faults.trap_all && session_->logged_in() && !exempt_from_trap_all(command)) {
    Replies replies = trap_replies(*faults.trap_all);
    if (command.tag) {
      for (Reply& r : replies) r.tag = command.tag;
    }
    return replies;
  }
  return session_->handle(command);
}

void Connection::send_with_faults(const Replies& replies) {
  if (replies.empty()) return;  // a listen started: nothing to say yet
  if (shared_->faults.none()) {
    send(replies);
    return;
  }
  auto [fault, reason] = shared_->faults.take_next_reply_fault();
  switch (fault) {
    case NextReplyFault::none:
      send(replies);
      return;
    case NextReplyFault::drop_mid_sentence: {
      std::string first = encode_sentence(encode_reply(replies.front()));
      enqueue(first.substr(0, std::max<std::size_t>(1, first.size() / 2)), true);
      return;
    }
    case NextReplyFault::fatal:
      enqueue(encode_replies({fatal_reply(reason)}), true);
      return;
    case NextReplyFault::garbage:
      // 0xF8 and up are reserved control bytes: no client can read on after them.
      enqueue(std::string("\xF8\xFF\xFE garbage \x01\x02\x03", 14), false);
      return;
  }
}

void Connection::send(const Replies& replies) {
  bool fatal = false;
  for (const Reply& r : replies) fatal = fatal || r.kind == ReplyKind::fatal;
  enqueue(encode_replies(replies), fatal);
}

void Connection::enqueue(std::string bytes, bool close_after) {
  if (closed_) return;
  if (tls_) {
    if (Status s = tls_->send(bytes); !s) {
      close("TLS failed");
      return;
    }
    bytes = tls_->take_outgoing();
  }
  enqueue_raw(std::move(bytes), close_after);
}

// Handshake messages the TLS layer produced while reading.
void Connection::flush_tls() {
  std::string bytes = tls_->take_outgoing();
  if (!bytes.empty()) enqueue_raw(std::move(bytes), false);
}

void Connection::enqueue_raw(std::string bytes, bool close_after) {
  if (closed_) return;
  queued_bytes_ += bytes.size();
  if (queued_bytes_ > shared_->options.max_queued_bytes) {
    close("the client stopped reading");  // rather than buffer without end
    return;
  }
  const auto delay =
      shared_->faults.none() ? std::chrono::milliseconds(0) : shared_->faults.reply_delay();
  const Clock::time_point not_before = delay.count() > 0 ? Clock::now() + delay : Outgoing::kAtOnce;
  // A reply due at once joins the last one queued, unless that one is being written (its bytes
  // are in flight), waits for a delay or ends the connection: pipelined replies then cost one
  // string between them, not a queue entry each.
  const bool in_flight = writing_ && outbox_.size() == 1;
  if (not_before == Outgoing::kAtOnce && !outbox_.empty() && !in_flight &&
      outbox_.back().not_before == Outgoing::kAtOnce && !outbox_.back().close_after) {
    outbox_.back().bytes += bytes;
    outbox_.back().close_after = close_after;
  } else {
    outbox_.push_back(Outgoing{std::move(bytes), not_before, close_after});
  }
  if (close_after) stop_reading_ = true;
  if (!answering_) write_next();  // else answer_some writes once it has answered its batch
}

void Connection::write_next() {
  if (writing_ || closed_ || outbox_.empty()) return;
  writing_ = true;
  Outgoing& head = outbox_.front();
  if (!head.due()) {
    delay_timer_.expires_at(head.not_before);
    delay_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      self->writing_ = false;
      if (!ec) self->write_next();
    });
    return;
  }
  // Replies that queued up behind the head (pipelined commands) go out in the same write, as a
  // router's TCP stack would send them: one syscall and one segment train, not one per reply.
  // (Whole entries move: erasing inside a deque would invalidate `head`.)
  while (outbox_.size() > 1 && !outbox_.front().close_after && outbox_[1].due()) {
    Outgoing first = std::move(outbox_.front());
    outbox_.pop_front();
    first.bytes += outbox_.front().bytes;
    first.close_after = outbox_.front().close_after;
    outbox_.pop_front();
    outbox_.push_front(std::move(first));
  }
  arm_timer(write_timer_, shared_->options.write_timeout, "write deadline passed");
  asio::async_write(socket_, asio::buffer(outbox_.front().bytes),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->on_written(ec);
                    });
}

void Connection::on_written(boost::system::error_code ec) {
  write_timer_.cancel();
  writing_ = false;
  if (ec || closed_) {
    close(ec ? "write failed" : "closed");
    return;
  }
  Outgoing done = std::move(outbox_.front());
  outbox_.pop_front();
  queued_bytes_ -= done.bytes.size();
  if (done.close_after) {
    linger_then_close();
    return;
  }
  write_next();
}

// After the last reply (a !fatal, a broken sentence) the socket is half-closed and whatever
// the client still sends is read and dropped until it hangs up or the linger deadline passes.
// Closing with unread bytes would make the kernel answer with a reset, which can destroy the
// last reply before the client reads it.
void Connection::linger_then_close() {
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  lingering_ = true;
  arm_timer(idle_timer_, kLinger, "closed after its last reply");
  drain();
}

void Connection::drain() {
  if (closed_ || reading_) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](
                                                     boost::system::error_code ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

void Connection::close(std::string_view why) {
  if (closed_) return;
  closed_ = true;
  if (Logger* log = shared_->options.logger) {
    log->info("routeros-sim", "ROUTEROS_SIM_DISCONNECTED", peer_ + ": " + std::string(why));
  }
  login_timer_.cancel();
  idle_timer_.cancel();
  write_timer_.cancel();
  delay_timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  {
    std::lock_guard lock(shared_->state_mutex);
    session_.reset();
  }
  outbox_.clear();
  if (on_closed_) on_closed_(shared_from_this());
}

}  // namespace hotspot::routeros::sim
