#include "payments/http/https_client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <optional>

#include "payments/http/client_exchange.h"
#include "payments/http/http_framing.h"
#include "payments/http/url.h"

namespace hotspot::payments::http {

NetworkHttpsClient::NetworkHttpsClient(boost::asio::any_io_executor executor,
                                       HttpsClientOptions options)
    : executor_(std::move(executor)), options_(std::move(options)) {}

// The system bundle is read on the first https:// request, not at construction, so that a
// client used only for http:// callbacks never needs it.
Result<std::shared_ptr<TlsTrust>> NetworkHttpsClient::trust() {
  if (!options_.trust) {
    auto system = TlsTrust::from_file(TlsTrust::kSystemBundle);
    if (!system) return system.error();
    options_.trust = *system;
  }
  return options_.trust;
}

void NetworkHttpsClient::request(HttpsRequest request, HttpsHandler done) {
  auto fail = [this, &done](Error error) {
    boost::asio::post(executor_,
                      [done = std::move(done), error = std::move(error)] { done(error); });
  };
  auto url = parse_url(request.url);
  if (!url) return fail(url.error());
  std::unique_ptr<TlsEngine> tls;
  if (url->tls) {
    auto trusted = trust();
    if (!trusted) return fail(trusted.error());
    auto engine = TlsEngine::client(*trusted, url->host);
    if (!engine) return fail(engine.error());
    tls = std::move(*engine);
  }
  std::string bytes = serialize_request(request, *url);
  auto exchange =
      std::make_shared<ClientExchange>(executor_, std::move(*url), std::move(bytes), std::move(tls),
                                       options_.max_body_bytes, std::move(done));
  if (request.method == "HEAD") exchange->expect_no_body();
  exchange->start(request.deadline);
}

Result<HttpsResponse> request_blocking(HttpsRequest request, HttpsClientOptions options) {
  boost::asio::io_context io;
  NetworkHttpsClient client(io.get_executor(), std::move(options));
  std::optional<Result<HttpsResponse>> outcome;
  client.request(std::move(request),
                 [&outcome](Result<HttpsResponse> result) { outcome = std::move(result); });
  io.run();
  if (!outcome) return make_error(Errc::internal, "the request ended without an answer");
  return std::move(*outcome);
}

}  // namespace hotspot::payments::http
