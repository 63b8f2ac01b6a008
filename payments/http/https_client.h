#pragma once
// HTTP/1.1 requests over TLS (or plain TCP for http:// URLs), one connection per request, for
// Daraja and for delivering callbacks. Every request has one deadline that covers resolving,
// connecting, the handshake, writing and reading; a response body is bounded; redirects are
// returned as they are, never followed.
//
// Errors are one sentence each, and their Errc says what a caller may do next:
//   invalid_argument  the URL or the options are wrong; nothing was sent.
//   unavailable       cannot resolve, refused, TLS handshake failed, or the deadline passed
//                     before the request was written: the server never saw it.
//   permission        TLS: the certificate is untrusted or not for this host name.
//   io                the deadline passed or the connection broke after the request was
//                     written: the server may have acted on it (a payment may be under way).
//   corrupt           the answer is not HTTP, or its body is over the limit.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "payments/http/tls_engine.h"

namespace hotspot::payments::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpsRequest {
  std::string method = "GET";
  std::string url;  // https://host[:port]/path?query (http:// allowed, e.g. a LAN callback)
  Headers headers;  // Host, Content-Length and Connection are set by the client
  std::string body;
  std::chrono::milliseconds deadline{15000};
};

struct HttpsResponse {
  int status = 0;
  Headers headers;
  std::string body;
  // The first header of that name (case-insensitive), or "".
  std::string header(const std::string& name) const;
};

struct HttpsClientOptions {
  // Trusted CAs; null means the system bundle (TlsTrust::kSystemBundle), read when first needed.
  std::shared_ptr<TlsTrust> trust;
  std::size_t max_body_bytes = 1 << 20;
};

using HttpsHandler = std::function<void(Result<HttpsResponse>)>;

// The seam Daraja code is given: the network below, or a fake in a test.
class HttpsClient {
 public:
  virtual ~HttpsClient() = default;
  // Calls `done` exactly once, on the client's executor, never inside this call.
  virtual void request(HttpsRequest request, HttpsHandler done) = 0;
};

// The real one, on Boost.Asio and mbedTLS. Used from its executor's thread.
class NetworkHttpsClient final : public HttpsClient {
 public:
  NetworkHttpsClient(boost::asio::any_io_executor executor, HttpsClientOptions options);
  void request(HttpsRequest request, HttpsHandler done) override;

 private:
  Result<std::shared_ptr<TlsTrust>> trust();

  boost::asio::any_io_executor executor_;
  HttpsClientOptions options_;
};

// For the CLI and tests: runs one request on an io_context of its own and waits for it.
Result<HttpsResponse> request_blocking(HttpsRequest request, HttpsClientOptions options = {});

}  // namespace hotspot::payments::http
