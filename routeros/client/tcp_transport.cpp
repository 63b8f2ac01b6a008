#include "routeros/client/tcp_transport.h"

#include <memory>
#include <string>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace hotspot::routeros {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpTransport::TcpTransport(asio::io_context& io) : sockets_(std::make_shared<Sockets>(io)) {}

TcpTransport::~TcpTransport() { close(); }

asio::any_io_executor TcpTransport::executor() { return sockets_->socket.get_executor(); }

void TcpTransport::async_connect(const std::string& host, std::uint16_t port,
                                 ConnectHandler handler) {
  auto s = sockets_;
  s->resolver.async_resolve(
      host, std::to_string(port),
      [s, handler = std::move(handler)](ErrorCode ec, tcp::resolver::results_type results) {
        // A resolve that completed just before close() still runs: it must not connect.
        if (!ec && s->closed) ec = asio::error::operation_aborted;
        if (ec) {
          handler(ec);
          return;
        }
        asio::async_connect(s->socket, results, [s, handler](ErrorCode connect_ec, const tcp::endpoint&) {
          if (!connect_ec && s->closed) connect_ec = asio::error::operation_aborted;
          if (!connect_ec) {
            // Pipelined sentences are small; Nagle would hold each back for the previous ACK.
            ErrorCode ignored;
            s->socket.set_option(tcp::no_delay(true), ignored);
          }
          handler(connect_ec);
        });
      });
}

void TcpTransport::async_read_some(asio::mutable_buffer buffer, IoHandler handler) {
  auto s = sockets_;
  s->socket.async_read_some(buffer, [s, handler = std::move(handler)](ErrorCode ec, std::size_t n) {
    handler(ec, n);
  });
}

void TcpTransport::async_write(asio::const_buffer buffer, IoHandler handler) {
  auto s = sockets_;
  asio::async_write(s->socket, buffer, [s, handler = std::move(handler)](ErrorCode ec, std::size_t n) {
    handler(ec, n);
  });
}

void TcpTransport::close() {
  ErrorCode ignored;  // closing a socket that never connected is not an error worth reporting
  sockets_->closed = true;
  sockets_->resolver.cancel();
  sockets_->socket.shutdown(tcp::socket::shutdown_both, ignored);
  sockets_->socket.close(ignored);
}

}  // namespace hotspot::routeros
