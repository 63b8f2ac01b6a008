#include "payments/daraja/client.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "payments/daraja/client_answers.h"

namespace hotspot::payments::daraja {

// One push or query on its way: rebuilt for each attempt (a fresh Timestamp), retried once
// after a token refresh, finished with the last answer.
struct DarajaClient::Call {
  std::string endpoint;
  std::string path;
  std::function<Result<std::string>()> make_body;
  std::function<void(Result<http::HttpsResponse>, std::vector<RawExchange>)> finish;
  std::function<void(Error)> fail;  // before anything was sent for this attempt
  int refreshes = 0;
  std::vector<RawExchange> exchanges;
};

DarajaClient::DarajaClient(boost::asio::any_io_executor executor, http::HttpsClient& https,
                           DarajaSettings settings, TokenCache& tokens, const Clock& clock,
                           DarajaClientOptions options)
    : executor_(std::move(executor)),
      https_(https),
      settings_(std::move(settings)),
      credentials_id_(credentials_id(settings_.credentials)),
      tokens_(tokens),
      clock_(clock),
      options_(options) {}

DarajaClient::~DarajaClient() = default;

void DarajaClient::post(std::function<void()> fn) {
  boost::asio::post(executor_, [alive = std::weak_ptr<int>(alive_), fn = std::move(fn)] {
    if (alive.lock()) fn();
  });
}

void DarajaClient::access_token(TokenHandler done) {
  if (auto cached = tokens_.get(credentials_id_)) {
    post([done = std::move(done), token = *cached] { done(TokenResult{token, Seconds(0), true}); });
    return;
  }
  waiting_for_token_.push_back(std::move(done));
  if (waiting_for_token_.size() == 1) mint_token();
}

void DarajaClient::mint_token() {
  http::HttpsRequest request;
  request.url = settings_.base_url + "/oauth/v1/generate?grant_type=client_credentials";
  request.headers = {{"Authorization", oauth_basic_header(settings_.credentials.consumer_key,
                                                          settings_.credentials.consumer_secret)}};
  request.deadline = options_.request_deadline;
  const MonoTime requested_at = clock_.monotonic_now();
  https_.request(std::move(request), [this, alive = std::weak_ptr<int>(alive_),
                                      requested_at](Result<http::HttpsResponse> response) {
    if (alive.lock()) finish_minting(std::move(response), requested_at);
  });
}

void DarajaClient::finish_minting(Result<http::HttpsResponse> response, MonoTime requested_at) {
  auto token = detail::read_token_answer(response);
  if (token) {
    tokens_.store(credentials_id_, OAuthToken{token->access_token, token->expires_in},
                  requested_at);
  }
  // Handlers may ask for a token again: they must start a new round, not join this one.
  std::vector<TokenHandler> waiting = std::move(waiting_for_token_);
  waiting_for_token_.clear();
  for (auto& handler : waiting) handler(token);
}

void DarajaClient::send(std::shared_ptr<Call> call) {
  access_token([this, call](Result<TokenResult> token) {
    if (!token) return call->fail(token.error());
    auto body = call->make_body();
    if (!body) return call->fail(body.error());
    http::HttpsRequest request{
        "POST",
        settings_.base_url + call->path,
        {{"Authorization", "Bearer " + token->access_token}, {"Content-Type", "application/json"}},
        *body,
        options_.request_deadline};
    call->exchanges.push_back({call->endpoint, redact_request_body(*body), 0, ""});
    https_.request(std::move(request),
                   [this, alive = std::weak_ptr<int>(alive_), call,
                    bearer = token->access_token](Result<http::HttpsResponse> response) {
                     if (alive.lock()) on_answer(call, bearer, std::move(response));
                   });
  });
}

void DarajaClient::on_answer(std::shared_ptr<Call> call, std::string token,
                             Result<http::HttpsResponse> response) {
  if (response) {
    call->exchanges.back().http_status = response->status;
    call->exchanges.back().response_body = response->body;
    auto refused = detail::error_envelope_of(*response);
    if (refused && after_daraja_error(*refused, call->refreshes) == TokenRetry::refresh_and_retry) {
      // Refused before acceptance, so sending it again cannot pay twice.
      tokens_.invalidate(credentials_id_, token);
      ++call->refreshes;
      return send(call);
    }
  }
  call->finish(std::move(response), std::move(call->exchanges));
}

void DarajaClient::stk_push(StkPushRequest request, StkPushHandler done) {
  auto shared_done = std::make_shared<StkPushHandler>(std::move(done));
  auto call = std::make_shared<Call>();
  call->endpoint = "stk_push";
  call->path = "/mpesa/stkpush/v1/processrequest";
  call->make_body = [this, request = std::move(request)] {
    return stk_push_body(settings_.credentials, request, clock_.wall_now());
  };
  call->fail = [shared_done](Error error) { (*shared_done)(std::move(error)); };
  call->finish = [shared_done](Result<http::HttpsResponse> response,
                               std::vector<RawExchange> exchanges) {
    auto outcome = detail::read_push_answer(response);
    if (!outcome) return (*shared_done)(outcome.error());
    (*shared_done)(StkPushResult{std::move(*outcome), std::move(exchanges)});
  };
  start(call);
}

void DarajaClient::stk_query(std::string checkout_request_id, StkQueryHandler done) {
  auto shared_done = std::make_shared<StkQueryHandler>(std::move(done));
  auto call = std::make_shared<Call>();
  call->endpoint = "stk_query";
  call->path = "/mpesa/stkpushquery/v1/query";
  call->make_body = [this, id = std::move(checkout_request_id)] {
    return stk_query_body(settings_.credentials, id, clock_.wall_now());
  };
  call->fail = [shared_done](Error error) { (*shared_done)(std::move(error)); };
  call->finish = [shared_done](Result<http::HttpsResponse> response,
                               std::vector<RawExchange> exchanges) {
    auto outcome = detail::read_query_answer(response);
    if (!outcome) return (*shared_done)(outcome.error());
    (*shared_done)(StkQueryResult{std::move(*outcome), std::move(exchanges)});
  };
  start(call);
}

// Bad input is refused before a token is spent on it, and after this call returns.
void DarajaClient::start(std::shared_ptr<Call> call) {
  auto body = call->make_body();
  if (!body) {
    post([call, error = body.error()] { call->fail(error); });
    return;
  }
  send(std::move(call));
}

std::string redact_request_body(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return body;
  if (j.contains("Password")) j["Password"] = "(redacted)";
  return j.dump();
}

}  // namespace hotspot::payments::daraja
