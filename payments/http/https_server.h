#pragma once
// A small HTTP/1.1 server over TLS (or plain TCP), for the Daraja simulator and for the
// callback receivers of tests, the demo and hotspotd. One request per connection (`Connection:
// close`), a bounded body, one deadline for reading the request and writing the answer, a cap on
// open connections. The handler is called on the server's executor and answers there, or later
// from any thread (an answer that must wait for a disk write).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "core/result.h"
#include "payments/http/http_framing.h"
#include "payments/http/tls_engine.h"

namespace hotspot::payments::http {

struct HttpsServerOptions {
  std::shared_ptr<TlsIdentity> identity;  // null: plain HTTP
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds request_deadline{10000};  // from accept to the answer written
  std::size_t max_connections = 64;
};

using RequestHandler = std::function<ServerResponse(const ServerRequest&)>;
// Calls `respond` exactly once, on any thread; a connection that timed out meanwhile drops it.
using Responder = std::function<void(ServerResponse)>;
using AsyncRequestHandler = std::function<void(ServerRequest, Responder respond)>;

class HttpsServer {
 public:
  HttpsServer(boost::asio::any_io_executor executor, HttpsServerOptions options,
              RequestHandler handler);
  HttpsServer(boost::asio::any_io_executor executor, HttpsServerOptions options,
              AsyncRequestHandler handler);
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  // Binds and starts accepting; port 0 picks a free port (see port()).
  Status listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const;
  // Stops accepting; connections in progress finish on their own.
  void stop();

 private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  HttpsServerOptions options_;
  std::shared_ptr<AsyncRequestHandler> handler_;
  std::shared_ptr<std::size_t> open_connections_ = std::make_shared<std::size_t>(0);
};

}  // namespace hotspot::payments::http
