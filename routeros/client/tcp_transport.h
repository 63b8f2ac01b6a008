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
  void set_no_delay();

  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace hotspot::routeros
