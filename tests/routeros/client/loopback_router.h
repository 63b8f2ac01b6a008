#pragma once
// A router on 127.0.0.1 for TcpTransport tests: accepts connections and answers each sentence
// with whatever `answer` returns. It speaks the wire protocol through the codec, so the bytes
// on the socket are the real thing; the RouterOS behaviour is the test's.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "routeros/protocol.h"

namespace hotspot::routeros::testing {

class LoopbackRouter {
 public:
  // Replies to one sentence; an empty "!close" sentence closes the connection instead.
  using Answer = std::function<std::vector<Sentence>(const Sentence&)>;

  LoopbackRouter(boost::asio::io_context& io, Answer answer)
      : acceptor_(io, {boost::asio::ip::address_v4::loopback(), 0}), answer_(std::move(answer)) {
    accept();
  }
  ~LoopbackRouter() { stop(); }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& weak : connections_) {
      if (auto connection = weak.lock()) connection->socket.close(ignored);
    }
  }

 private:
  struct Connection {
    explicit Connection(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::tcp::socket socket;
    SentenceDecoder decoder;
    std::array<char, 4096> buffer{};
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      auto connection = std::make_shared<Connection>(std::move(s));
      connections_.push_back(connection);
      read(connection);
      accept();
    });
  }

  void read(const std::shared_ptr<Connection>& connection) {
    connection->socket.async_read_some(
        boost::asio::buffer(connection->buffer),
        [this, connection](boost::system::error_code ec, std::size_t n) {
          if (ec) return;
          connection->decoder.feed(std::string_view(connection->buffer.data(), n));
          if (answer_all(*connection)) read(connection);
        });
  }

  // False once the connection is closed on purpose.
  bool answer_all(Connection& connection) {
    auto out = std::make_shared<std::string>();
    for (;;) {
      auto next = connection.decoder.next();
      if (!next.ok() || !next.value()) break;
      for (const auto& reply : answer_(*next.value())) {
        if (reply == Sentence{"!close"}) {
          boost::system::error_code ignored;
          if (!out->empty())
            boost::asio::write(connection.socket, boost::asio::buffer(*out), ignored);
          connection.socket.close(ignored);
          return false;
        }
        out->append(encode_sentence(reply));
      }
    }
    // Blocking is fine here: the client reads on the same io_context only after this returns,
    // and loopback buffers hold far more than a test's replies.
    boost::system::error_code ignored;
    if (!out->empty()) boost::asio::write(connection.socket, boost::asio::buffer(*out), ignored);
    return true;
  }

  boost::asio::ip::tcp::acceptor acceptor_;
  Answer answer_;
  std::vector<std::weak_ptr<Connection>> connections_;
};

}  // namespace hotspot::routeros::testing
