#include "payments/http/server_connection.h"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace hotspot::payments::http {
namespace asio = boost::asio;

ServerConnection::ServerConnection(asio::ip::tcp::socket socket, const HttpsServerOptions& options,
                                   std::shared_ptr<AsyncRequestHandler> handler,
                                   std::shared_ptr<std::size_t> open_connections)
    : socket_(std::move(socket)),
      deadline_(socket_.get_executor()),
      request_deadline_(options.request_deadline),
      parser_(options.max_body_bytes),
      handler_(std::move(handler)),
      open_connections_(std::move(open_connections)) {
  ++*open_connections_;
  if (options.identity) {
    auto engine = TlsEngine::server(options.identity);
    if (engine)
      tls_ = std::move(*engine);
    else
      tls_setup_ = engine.error();
  }
}

ServerConnection::~ServerConnection() { --*open_connections_; }

void ServerConnection::start() {
  if (!tls_setup_) return close();
  auto self = shared_from_this();
  deadline_.expires_after(request_deadline_);
  // A client that sends too slowly (or nothing), or does not read its answer, loses the
  // connection: the deadline covers the whole exchange.
  deadline_.async_wait([self](boost::system::error_code ec) {
    if (!ec) self->close();
  });
  read();
}

void ServerConnection::read() {
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(buffer_),
                          [self](boost::system::error_code ec, std::size_t n) {
                            if (ec) return self->close();
                            self->on_bytes(std::string_view(self->buffer_.data(), n));
                          });
}

void ServerConnection::on_bytes(std::string_view bytes) {
  std::string plaintext(bytes);
  if (tls_) {
    auto decrypted = tls_->receive(bytes);
    if (!decrypted) return close();
    plaintext = std::move(*decrypted);
  }
  auto state = parser_.feed(plaintext);
  if (!state) {
    const bool too_large = state.error().message.find("too large") != std::string::npos;
    return answer({too_large ? 413 : 400, "text/plain", state.error().message + "\n"});
  }
  if (*state == ParseState::done) {
    if (!*handler_) return close();  // the server is gone
    auto self = shared_from_this();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    (*handler_)(parser_.take(), [self, answered](ServerResponse response) {
      if (answered->exchange(true)) return;
      // Back on the connection's executor, whichever thread answered.
      asio::post(self->socket_.get_executor(),
                 [self, response = std::move(response)] { self->answer(response); });
    });
    return;
  }
  auto self = shared_from_this();
  flush_then([self] { self->read(); });  // handshake messages, if any
}

void ServerConnection::answer(const ServerResponse& response) {
  std::string bytes = serialize_response(response);
  if (tls_) {
    if (!tls_->handshake_done() || !tls_->send(bytes)) return close();
  } else {
    writing_ = std::move(bytes);
  }
  auto self = shared_from_this();
  flush_then([self] { self->close(); });
}

void ServerConnection::flush_then(std::function<void()> next) {
  if (tls_) writing_ += tls_->take_outgoing();
  if (writing_.empty()) return next();
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(writing_),
                    [self, next = std::move(next)](boost::system::error_code ec, std::size_t) {
                      self->writing_.clear();
                      if (ec) return self->close();
                      next();
                    });
}

void ServerConnection::close() {
  deadline_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace hotspot::payments::http
