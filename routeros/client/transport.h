#pragma once
// The byte stream under a RouterOS session, as a seam: TcpTransport talks to a router, and
// tests give the session a MemoryTransport whose peer they script and which fails on the Nth
// operation. Every handler runs later on the transport's executor, never inside the call that
// started the operation, so a session may start another operation from any handler.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>

namespace hotspot::routeros {

using ErrorCode = boost::system::error_code;

class Transport {
 public:
  using ConnectHandler = std::function<void(ErrorCode)>;
  using IoHandler = std::function<void(ErrorCode, std::size_t)>;

  virtual ~Transport() = default;

  virtual boost::asio::any_io_executor executor() = 0;
  virtual void async_connect(const std::string& host, std::uint16_t port,
                             ConnectHandler handler) = 0;
  // Some bytes into `buffer`, which must stay valid until the handler runs; end of stream is
  // boost::asio::error::eof.
  virtual void async_read_some(boost::asio::mutable_buffer buffer, IoHandler handler) = 0;
  // All of `buffer`, which must stay valid until the handler runs. One write at a time.
  virtual void async_write(boost::asio::const_buffer buffer, IoHandler handler) = 0;
  // Ends the stream; operations in progress complete with boost::asio::error::operation_aborted.
  virtual void close() = 0;
};

}  // namespace hotspot::routeros
