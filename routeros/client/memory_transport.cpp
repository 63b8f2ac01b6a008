#include "routeros/client/memory_transport.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace hotspot::routeros {

namespace asio = boost::asio;

MemoryPeer::MemoryPeer(asio::io_context& io) : io_(io) {}

void MemoryPeer::send(const Sentence& words) { send_bytes(encode_sentence(words)); }

void MemoryPeer::send_bytes(std::string_view bytes) {
  if (peer_closed_ || client_closed_) return;  // nobody can read it any more
  to_client_.append(bytes);
  complete_read();
}

void MemoryPeer::close() {
  peer_closed_ = true;
  complete_read();
}

void MemoryPeer::fail_from(std::size_t operation, ErrorCode error) {
  fail_from_ = operation;
  fail_error_ = error;
}

std::optional<ErrorCode> MemoryPeer::count_operation() {
  ++operations_;
  if (client_closed_) return ErrorCode(asio::error::bad_descriptor);
  if (fail_from_ != 0 && operations_ >= fail_from_) return fail_error_;
  return std::nullopt;
}

void MemoryPeer::connect(Transport::ConnectHandler handler) {
  if (auto failure = count_operation()) {
    asio::post(io_, [handler = std::move(handler), ec = *failure] { handler(ec); });
    return;
  }
  switch (connect_mode_) {
    case ConnectMode::accept:
      asio::post(io_, [handler = std::move(handler)] { handler(ErrorCode()); });
      return;
    case ConnectMode::refuse:
      asio::post(io_, [handler = std::move(handler)] {
        handler(ErrorCode(asio::error::connection_refused));
      });
      return;
    case ConnectMode::stall:
      pending_connect_ = std::move(handler);  // completes only when the client gives up
      return;
  }
}

void MemoryPeer::read_some(asio::mutable_buffer buffer, Transport::IoHandler handler) {
  if (auto failure = count_operation()) {
    asio::post(io_, [handler = std::move(handler), ec = *failure] { handler(ec, 0); });
    return;
  }
  pending_read_ = PendingRead{buffer, std::move(handler)};
  complete_read();
}

// Hands buffered bytes (or the end of stream) to a waiting read, later on the io_context.
void MemoryPeer::complete_read() {
  if (!pending_read_) return;
  if (to_client_.empty() && !peer_closed_) return;
  PendingRead read = std::move(*pending_read_);
  pending_read_.reset();
  if (to_client_.empty()) {
    asio::post(io_, [handler = std::move(read.handler)] { handler(asio::error::eof, 0); });
    return;
  }
  const std::size_t n = std::min({to_client_.size(), read.buffer.size(), read_chunk_});
  std::memcpy(read.buffer.data(), to_client_.data(), n);
  to_client_.erase(0, n);
  asio::post(io_, [handler = std::move(read.handler), n] { handler(ErrorCode(), n); });
}

void MemoryPeer::write(asio::const_buffer buffer, Transport::IoHandler handler) {
  if (auto failure = count_operation()) {
    asio::post(io_, [handler = std::move(handler), ec = *failure] { handler(ec, 0); });
    return;
  }
  std::string bytes(static_cast<const char*>(buffer.data()), buffer.size());
  // The peer sees the sentences after the write returns, as a router would.
  asio::post(io_,
             [self = shared_from_this(), bytes = std::move(bytes), handler = std::move(handler)] {
               self->deliver_written(bytes);
               handler(ErrorCode(), bytes.size());
             });
}

void MemoryPeer::deliver_written(const std::string& bytes) {
  if (peer_closed_) return;
  from_client_.feed(bytes);
  for (;;) {
    auto next = from_client_.next();
    if (!next.ok()) {
      received_garbage_ = true;
      return;
    }
    if (!next.value()) return;
    received_.push_back(*next.value());
    if (script_) script_(received_.back());
  }
}

void MemoryPeer::client_close() {
  client_closed_ = true;
  if (pending_read_) {
    asio::post(io_, [handler = std::move(pending_read_->handler)] {
      handler(asio::error::operation_aborted, 0);
    });
    pending_read_.reset();
  }
  if (pending_connect_) {
    asio::post(
        io_, [handler = std::move(pending_connect_)] { handler(asio::error::operation_aborted); });
    pending_connect_ = nullptr;
  }
}

MemoryTransport::MemoryTransport(std::shared_ptr<MemoryPeer> peer) : peer_(std::move(peer)) {}

MemoryTransport::~MemoryTransport() { close(); }

asio::any_io_executor MemoryTransport::executor() { return peer_->io_.get_executor(); }

void MemoryTransport::async_connect(const std::string&, std::uint16_t, ConnectHandler handler) {
  peer_->connect(std::move(handler));
}

void MemoryTransport::async_read_some(asio::mutable_buffer buffer, IoHandler handler) {
  peer_->read_some(buffer, std::move(handler));
}

void MemoryTransport::async_write(asio::const_buffer buffer, IoHandler handler) {
  peer_->write(buffer, std::move(handler));
}

void MemoryTransport::close() { peer_->client_close(); }

}  // namespace hotspot::routeros
