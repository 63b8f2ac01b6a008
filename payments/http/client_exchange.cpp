#include "payments/http/client_exchange.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace hotspot::payments::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

const char* step_name(int step) {
  static constexpr const char* kNames[] = {"resolving the host name", "connecting",
                                           "the TLS handshake", "writing the request",
                                           "waiting for the response"};
  return kNames[step];
}

}  // namespace

ClientExchange::ClientExchange(asio::any_io_executor executor, Url url, std::string request_bytes,
                               std::unique_ptr<TlsEngine> tls, std::size_t max_body_bytes,
                               HttpsHandler done)
    : resolver_(executor),
      socket_(executor),
      timer_(executor),
      url_(std::move(url)),
      request_bytes_(std::move(request_bytes)),
      tls_(std::move(tls)),
      parser_(max_body_bytes),
      done_(std::move(done)) {}

void ClientExchange::start(std::chrono::milliseconds deadline) {
  auto self = shared_from_this();
  timer_.expires_after(deadline);
  // The deadline closes whatever is in progress; that operation then fails and reports it.
  timer_.async_wait([self](boost::system::error_code ec) {
    if (ec || self->finished_) return;
    self->timed_out_ = true;
    self->resolver_.cancel();
    boost::system::error_code ignored;
    self->socket_.close(ignored);
  });
  resolver_.async_resolve(
      url_.host, std::to_string(url_.port),
      [self](boost::system::error_code ec, tcp::resolver::results_type endpoints) {
        if (ec) return self->finish(self->network_error(ec));
        self->on_resolved(endpoints);
      });
}

void ClientExchange::on_resolved(const tcp::resolver::results_type& endpoints) {
  step_ = Step::connecting;
  auto self = shared_from_this();
  asio::async_connect(socket_, endpoints,
                      [self](boost::system::error_code ec, const tcp::endpoint&) {
                        if (ec || self->timed_out_) return self->finish(self->network_error(ec));
                        if (!self->tls_) return self->send_request();
                        self->step_ = Step::handshake;
                        self->handshake_step();
                      });
}

// Whatever mbedTLS wrote goes out first; then either the handshake is done or it needs more of
// the server's bytes.
void ClientExchange::handshake_step() {
  if (Status s = tls_->handshake(); !s) return finish(s.error());
  auto self = shared_from_this();
  auto next = [self] {
    if (self->tls_->handshake_done()) return self->send_request();
    self->read_some([self](std::string_view bytes) {
      auto plaintext = self->tls_->receive(bytes);
      if (!plaintext) return self->finish(plaintext.error());
      self->handshake_step();
    });
  };
  std::string out = tls_->take_outgoing();
  if (out.empty()) return next();
  write_out(std::move(out), next);
}

void ClientExchange::send_request() {
  step_ = Step::writing;
  std::string out = std::move(request_bytes_);
  if (tls_) {
    if (Status s = tls_->send(out); !s) return finish(s.error());
    out = tls_->take_outgoing();
  }
  auto self = shared_from_this();
  write_out(std::move(out), [self] { self->read_response(); });
}

void ClientExchange::read_response() {
  step_ = Step::reading;
  auto self = shared_from_this();
  read_some([self](std::string_view bytes) { self->on_response_bytes(bytes); });
}

void ClientExchange::on_response_bytes(std::string_view bytes) {
  std::string plaintext(bytes);
  if (tls_) {
    auto decrypted = tls_->receive(bytes);
    if (!decrypted) return finish(decrypted.error());
    plaintext = std::move(*decrypted);
  }
  auto state = parser_.feed(plaintext);
  if (state && *state == ParseState::need_more && tls_ && tls_->peer_closed())
    state = parser_.finish();
  if (!state) return finish(state.error());
  if (*state == ParseState::done) return finish(parser_.take());
  read_response();
}

void ClientExchange::write_out(std::string bytes, std::function<void()> next) {
  writing_ = std::move(bytes);
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(writing_),
                    [self, next = std::move(next)](boost::system::error_code ec, std::size_t) {
                      if (ec || self->timed_out_) return self->finish(self->network_error(ec));
                      next();
                    });
}

void ClientExchange::read_some(Bytes next) {
  auto self = shared_from_this();
  socket_.async_read_some(asio::buffer(buffer_), [self, next = std::move(next)](
                                                     boost::system::error_code ec, std::size_t n) {
    if (ec == asio::error::eof && self->step_ == Step::reading && !self->timed_out_) {
      auto state = self->parser_.finish();
      if (!state) return self->finish(state.error());
      return self->finish(self->parser_.take());
    }
    if (ec || self->timed_out_) return self->finish(self->network_error(ec));
    next(std::string_view(self->buffer_.data(), n));
  });
}

// Before the request is written the server cannot have acted on it (unavailable); after, it may
// have (io): the caller must find out before trying again.
Error ClientExchange::network_error(const boost::system::error_code& ec) const {
  const Errc code = step_ >= Step::writing ? Errc::io : Errc::unavailable;
  const std::string where = url_.host + ":" + std::to_string(url_.port);
  if (timed_out_) {
    return make_error(code, "timeout: " + where + " did not finish " +
                                step_name(static_cast<int>(step_)) + " in time");
  }
  switch (step_) {
    case Step::resolving:
      return make_error(code, "cannot resolve " + url_.host + ": " + ec.message());
    case Step::connecting:
      if (ec == asio::error::connection_refused)
        return make_error(code, where + " refused the connection");
      return make_error(code, "cannot connect to " + where + ": " + ec.message());
    default:
      return make_error(code, "the connection to " + where + " broke during " +
                                  step_name(static_cast<int>(step_)) + ": " + ec.message());
  }
}

void ClientExchange::finish(Result<HttpsResponse> result) {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  done_(std::move(result));
}

}  // namespace hotspot::payments::http
