#pragma once
// An HttpsClient that answers from a script, for testing code that talks to Daraja (or any
// HTTPS peer) without a network: it records every request and answers each with the next
// scripted result, posted to its executor as the real client does. A request with nothing left
// in the script fails as an unreachable server would.

#include <boost/asio/post.hpp>
#include <deque>
#include <vector>

#include "payments/http/https_client.h"

namespace hotspot::payments::http::testing {

class ScriptedHttpsClient final : public HttpsClient {
 public:
  explicit ScriptedHttpsClient(boost::asio::any_io_executor executor)
      : executor_(std::move(executor)) {}

  void answer(Result<HttpsResponse> result) { script_.push_back(std::move(result)); }
  void answer(int status, std::string body) {
    HttpsResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = std::move(body);
    script_.push_back(std::move(response));
  }

  void request(HttpsRequest request, HttpsHandler done) override {
    requests_.push_back(std::move(request));
    Result<HttpsResponse> result = make_error(Errc::unavailable, "no scripted answer is left");
    if (!script_.empty()) {
      result = std::move(script_.front());
      script_.pop_front();
    }
    boost::asio::post(executor_, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }

  const std::vector<HttpsRequest>& requests() const { return requests_; }
  std::size_t unanswered() const { return script_.size(); }

 private:
  boost::asio::any_io_executor executor_;
  std::deque<Result<HttpsResponse>> script_;
  std::vector<HttpsRequest> requests_;
};

}  // namespace hotspot::payments::http::testing
