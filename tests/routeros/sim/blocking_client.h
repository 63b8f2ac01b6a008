#pragma once
// A minimal blocking RouterOS API client for the simulator's end-to-end tests, written with
// the codec only. Every read waits at most `timeout`; a test never hangs on a silent socket.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <poll.h>

#include "routeros/protocol.h"

namespace hotspot::routeros::sim::testing {

class BlockingClient {
 public:
  explicit BlockingClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : socket_(io_), timeout_(timeout) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  void send(const Command& command) { send_bytes(encode_sentence(encode_command(command))); }
  void send_bytes(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }
  // For peers that may hang up first: false instead of an exception.
  bool try_send_bytes(const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ec);
    return !ec;
  }

  // The next reply; nullopt when the connection closed (or the read timed out) first.
  std::optional<Reply> read() {
    for (;;) {
      auto next = decoder_.next();
      if (!next) {
        error_ = next.error().message;
        return std::nullopt;
      }
      if (*next) {
        auto reply = parse_reply(**next);
        if (!reply) {
          error_ = reply.error().message;
          return std::nullopt;
        }
        return *reply;
      }
      if (!receive()) return std::nullopt;
    }
  }

  // Replies up to and including the next !done (or a !fatal).
  std::vector<Reply> read_until_done() {
    std::vector<Reply> replies;
    while (auto r = read()) {
      replies.push_back(*r);
      if (r->kind == ReplyKind::done || r->kind == ReplyKind::fatal) break;
    }
    return replies;
  }

  std::vector<Reply> call(const Command& command) {
    send(command);
    return read_until_done();
  }

  // Raw bytes until the peer closes; what a broken reply looks like on the wire.
  std::string read_raw_until_closed() {
    std::string all;
    while (receive_into(all)) {
    }
    return all;
  }

  bool closed_by_peer() const { return closed_; }
  const std::string& error() const { return error_; }

 private:
  bool receive() {
    std::string chunk;
    if (!receive_into(chunk)) return false;
    decoder_.feed(chunk);
    return true;
  }
  bool receive_into(std::string& out) {
    // Asio's blocking read waits without end, so the deadline is a poll() first.
    pollfd ready{socket_.native_handle(), POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(timeout_.count())) <= 0) {
      error_ = "no reply within the deadline";
      return false;
    }
    char buffer[4096];
    boost::system::error_code ec;
    std::size_t n = socket_.read_some(boost::asio::buffer(buffer), ec);
    if (ec) {
      closed_ = ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
      error_ = ec.message();
      return false;
    }
    out.append(buffer, n);
    return true;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::chrono::milliseconds timeout_;
  SentenceDecoder decoder_;
  bool closed_ = false;
  std::string error_;
};

}  // namespace hotspot::routeros::sim::testing
