#pragma once
// One accepted connection of HttpsServer: it only moves bytes between the socket, the TLS
// engine and the request parser, then writes the handler's answer and closes.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "payments/http/https_server.h"

namespace hotspot::payments::http {

class ServerConnection : public std::enable_shared_from_this<ServerConnection> {
 public:
  ServerConnection(boost::asio::ip::tcp::socket socket, const HttpsServerOptions& options,
                   std::shared_ptr<AsyncRequestHandler> handler,
                   std::shared_ptr<std::size_t> open_connections);
  ~ServerConnection();
  void start();

 private:
  void read();
  void on_bytes(std::string_view bytes);
  void answer(const ServerResponse& response);
  void flush_then(std::function<void()> next);
  void close();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_;
  std::chrono::milliseconds request_deadline_;
  std::unique_ptr<TlsEngine> tls_;
  Status tls_setup_;
  RequestParser parser_;
  std::shared_ptr<AsyncRequestHandler> handler_;
  std::shared_ptr<std::size_t> open_connections_;
  std::string writing_;
  std::array<char, 16384> buffer_{};
};

}  // namespace hotspot::payments::http
