#pragma once
// One request on one connection: resolve, connect, TLS handshake, write, read, each step under
// the request's single deadline. Internal to NetworkHttpsClient.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "payments/http/http_framing.h"
#include "payments/http/https_client.h"
#include "payments/http/tls_engine.h"
#include "payments/http/url.h"

namespace hotspot::payments::http {

class ClientExchange : public std::enable_shared_from_this<ClientExchange> {
 public:
  // `tls` is null for an http:// URL.
  ClientExchange(boost::asio::any_io_executor executor, Url url, std::string request_bytes,
                 std::unique_ptr<TlsEngine> tls, std::size_t max_body_bytes, HttpsHandler done);
  void start(std::chrono::milliseconds deadline);
  void expect_no_body() { parser_.expect_no_body(); }

 private:
  enum class Step { resolving, connecting, handshake, writing, reading };
  using Bytes = std::function<void(std::string_view)>;

  void on_resolved(const boost::asio::ip::tcp::resolver::results_type& endpoints);
  void handshake_step();
  void send_request();
  void read_response();
  void on_response_bytes(std::string_view bytes);
  void write_out(std::string bytes, std::function<void()> next);
  void read_some(Bytes next);
  Error network_error(const boost::system::error_code& ec) const;
  void finish(Result<HttpsResponse> result);

  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  Url url_;
  std::string request_bytes_;
  std::unique_ptr<TlsEngine> tls_;
  ResponseParser parser_;
  HttpsHandler done_;
  Step step_ = Step::resolving;
  bool timed_out_ = false;
  bool finished_ = false;
  std::string writing_;
  std::array<char, 16384> buffer_{};
};

}  // namespace hotspot::payments::http
