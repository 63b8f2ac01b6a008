#include "routeros/client/tcp_transport.h"

#include <memory>
#include <string>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace hotspot::routeros {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpTransport::TcpTransport(asio::io_context& io) : resolver_(io), socket_(io) {}

TcpTransport::~TcpTransport() { close(); }

asio::any_io_executor TcpTransport::executor() { return socket_.get_executor(); }

void TcpTransport::async_connect(const std::string& host, std::uint16_t port,
                                 ConnectHandler handler) {
  // A resolve that completed just before this transport was destroyed still runs its handler;
  // the weak token tells it not to touch the socket any more.
  std::weak_ptr<int> alive = alive_;
  resolver_.async_resolve(host, std::to_string(port),
                          [this, alive, handler = std::move(handler)](
                              ErrorCode ec, tcp::resolver::results_type results) {
                            if (!ec && alive.expired()) ec = asio::error::operation_aborted;
                            if (ec) {
                              handler(ec);
                              return;
                            }
                            asio::async_connect(
                                socket_, results,
                                [this, alive, handler](ErrorCode connect_ec, const tcp::endpoint&) {
                                  if (!connect_ec && !alive.expired()) set_no_delay();
                                  handler(connect_ec);
                                });
                          });
}

void TcpTransport::set_no_delay() {
  // Pipelined sentences are small; Nagle would hold each one back for the previous reply's ACK.
  ErrorCode ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
}

void TcpTransport::async_read_some(asio::mutable_buffer buffer, IoHandler handler) {
  socket_.async_read_some(buffer, std::move(handler));
}

void TcpTransport::async_write(asio::const_buffer buffer, IoHandler handler) {
  asio::async_write(socket_, buffer, std::move(handler));
}

void TcpTransport::close() {
  ErrorCode ignored;  // closing a socket that never connected is not an error worth reporting
  resolver_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace hotspot::routeros
