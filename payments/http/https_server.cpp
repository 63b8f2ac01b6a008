#include "payments/http/https_server.h"

#include "payments/http/server_connection.h"

namespace hotspot::payments::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpsServer::HttpsServer(asio::any_io_executor executor, HttpsServerOptions options,
                         RequestHandler handler)
    : HttpsServer(std::move(executor), std::move(options),
                  AsyncRequestHandler([handler = std::move(handler)](ServerRequest request,
                                                                      Responder respond) {
                    respond(handler(request));
                  })) {}

HttpsServer::HttpsServer(asio::any_io_executor executor, HttpsServerOptions options,
                         AsyncRequestHandler handler)
    : acceptor_(executor),
      options_(std::move(options)),
      handler_(std::make_shared<AsyncRequestHandler>(std::move(handler))) {}

// Connections still in progress hold the handler; emptying it keeps them from calling into an
// owner that is gone.
HttpsServer::~HttpsServer() {
  stop();
  *handler_ = nullptr;
}

Status HttpsServer::listen(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec)
    return make_error(Errc::invalid_argument, "cannot listen on " + host + ": not an IP address");
  const tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(Errc::unavailable, "cannot listen on " + host + ":" + std::to_string(port) +
                                             ": " + ec.message());
  }
  accept();
  return {};
}

std::uint16_t HttpsServer::port() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void HttpsServer::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void HttpsServer::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    // Over the cap the connection is closed at once: the peer sees a reset, not a hang.
    if (!ec && *open_connections_ < options_.max_connections) {
      std::make_shared<ServerConnection>(std::move(socket), options_, handler_, open_connections_)
          ->start();
    }
    accept();
  });
}

}  // namespace hotspot::payments::http
