#include "routeros/client/connection.h"

#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include "routeros/client/handler_guard.h"

namespace hotspot::routeros {

namespace asio = boost::asio;

Connection::Connection(std::unique_ptr<Transport> transport, DecoderLimits limits, Logger& logger)
    : transport_(std::move(transport)), logger_(logger), decoder_(limits) {}

Connection::~Connection() { transport_->close(); }

template <class F>
void Connection::guard(const char* what, F&& body) {
  bool threw = true;
  run_guarded(logger_, what, [&] {
    body();
    threw = false;
  });
  if (!threw || !open_) return;
  run_guarded(logger_, what, [&] {
    fail(router_error(RouterErrc::closed,
                      "The connection to the router was closed after an "
                      "internal error."));
  });
}

void Connection::connect(const std::string& host, std::uint16_t port,
                         std::function<void(ErrorCode)> handler) {
  std::weak_ptr<Connection> weak = weak_from_this();
  transport_->async_connect(host, port, [weak, handler = std::move(handler)](ErrorCode ec) {
    auto self = weak.lock();
    if (!self) return;  // the session is gone and has failed its callers already
    run_guarded(self->logger_, "the connect handler", [&] { handler(ec); });
  });
}

void Connection::start(Events events) {
  events_ = std::move(events);
  read_more();
}

void Connection::send(const Command& command) {
  if (!open_) return;
  append_command(queued_, command);
  if (writing_now_ || flush_posted_) return;
  // The write starts from a posted handler rather than here, so that every sentence queued by
  // handlers already waiting to run (one per reply of the last read, when commands are
  // pipelined) goes out in the same write: one system call and one wake-up of the router for
  // the lot, instead of one for the first sentence and another for the rest.
  flush_posted_ = true;
  std::weak_ptr<Connection> weak = weak_from_this();
  asio::post(transport_->executor(), [weak] {
    auto self = weak.lock();
    if (!self) return;
    self->flush_posted_ = false;
    if (self->open_ && !self->writing_now_ && !self->queued_.empty()) self->write_queued();
  });
}

void Connection::close() {
  if (!open_) return;
  open_ = false;
  transport_->close();
}

void Connection::read_more() {
  std::weak_ptr<Connection> weak = weak_from_this();
  transport_->async_read_some(asio::buffer(read_buffer_), [weak](ErrorCode ec, std::size_t n) {
    auto self = weak.lock();
    if (!self) return;
    self->guard("the read handler", [&] { self->on_read(ec, n); });
  });
}

void Connection::on_read(ErrorCode ec, std::size_t bytes) {
  if (!open_) return;
  if (ec == asio::error::eof) {
    fail(router_error(RouterErrc::closed, "The router closed the connection."));
    return;
  }
  if (ec) {
    fail(router_error(RouterErrc::closed,
                      "The connection to the router failed while reading: " + ec.message() + "."));
    return;
  }
  decoder_.feed(std::string_view(read_buffer_.data(), bytes));
  drain_sentences();
  if (open_) read_more();
}

void Connection::drain_sentences() {
  while (open_) {
    auto next = decoder_.next();
    if (!next.ok()) {
      fail(router_error(RouterErrc::protocol,
                        "The router sent bytes that are not RouterOS API "
                        "words: " +
                            next.error().message));
      return;
    }
    if (!next.value()) return;
    auto reply = parse_reply(*next.value());
    if (!reply.ok()) {
      fail(router_error(
          RouterErrc::protocol,
          "The router sent a reply this client does not understand: " + reply.error().message));
      return;
    }
    events_.on_reply(std::move(reply.value()));
  }
}

void Connection::write_queued() {
  // Swapped rather than moved, so that both buffers keep their capacity from write to write.
  writing_.swap(queued_);
  queued_.clear();
  writing_now_ = true;
  std::weak_ptr<Connection> weak = weak_from_this();
  transport_->async_write(asio::buffer(writing_), [weak](ErrorCode ec, std::size_t) {
    auto self = weak.lock();
    if (!self) return;
    self->guard("the write handler", [&] { self->on_written(ec); });
  });
}

void Connection::on_written(ErrorCode ec) {
  writing_now_ = false;
  if (!open_) return;
  if (ec) {
    fail(router_error(RouterErrc::closed,
                      "The connection to the router failed while writing: " + ec.message() + "."));
    return;
  }
  if (!queued_.empty()) write_queued();
}

void Connection::fail(RouterError error) {
  close();
  if (events_.on_failure) events_.on_failure(std::move(error));
}

}  // namespace hotspot::routeros
