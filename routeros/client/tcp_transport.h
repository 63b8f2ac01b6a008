#pragma once
// The transport to a real router: a TCP connection resolved by name or address.

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "routeros/client/transport.h"

namespace hotspot::routeros {

class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(boost::asio::io_context& io);
  ~TcpTransport() override;

  boost::asio::any_io_executor executor() override;
  void async_connect(const std::string& host, std::uint16_t port, ConnectHandler handler) override;
  void async_read_some(boost::asio::mutable_buffer buffer, IoHandler handler) override;
  void async_write(boost::asio::const_buffer buffer, IoHandler handler) override;
  void close() override;

 private:
  // Shared with every operation in flight: Asio's composed operations (the range connect, the
  // full write) touch the socket when they complete, which may be after this transport is
  // destroyed (they then complete with operation_aborted).
  struct Sockets {
    explicit Sockets(boost::asio::io_context& io) : resolver(io), socket(io) {}
    boost::asio::ip::tcp::resolver resolver;
    boost::asio::ip::tcp::socket socket;
    bool closed = false;
  };
  std::shared_ptr<Sockets> sockets_;
};

}  // namespace hotspot::routeros
