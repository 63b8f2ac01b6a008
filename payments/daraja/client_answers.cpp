#include "payments/daraja/client_answers.h"

#include <nlohmann/json.hpp>

#include "payments/daraja/json_fields.h"

namespace hotspot::payments::daraja::detail {
namespace {

std::string status_text(int status) { return "HTTP " + std::to_string(status); }

DarajaRefusal refusal(const DarajaError& error) {
  return {error, classify_daraja_error(error), classify_push_refusal(error)};
}

}  // namespace

Result<TokenResult> read_token_answer(const Result<http::HttpsResponse>& response) {
  if (!response) {
    return make_error(response.error().code, "OAuth: " + response.error().message);
  }
  auto token = parse_oauth_answer(response->body);
  if (response->status == 200 && token) return TokenResult{token->access_token, token->expires_in};
  const std::string why = token ? "no token" : token.error().message;
  // 400.008.01 and kin come with a 4xx: the key and secret (or the host they belong to).
  if (response->status >= 400 && response->status < 500) {
    return make_error(Errc::permission, "the consumer key and secret were refused (" +
                                            status_text(response->status) + ", " + why + ")");
  }
  if (response->status == 200) return make_error(Errc::corrupt, why);
  return make_error(Errc::unavailable,
                    "OAuth: Daraja answered " + status_text(response->status) + " (" + why + ")");
}

std::optional<DarajaError> error_envelope_of(const http::HttpsResponse& response) {
  auto j = parse_object(response.body, "answer");
  if (!j || !is_error_envelope(*j)) return std::nullopt;
  auto e = error_envelope(*j);
  if (!e) return std::nullopt;
  return *e;
}

Result<StkPushOutcome> read_push_answer(const Result<http::HttpsResponse>& response) {
  if (!response) {
    const Errc code = response.error().code;
    // io: written, then no answer; corrupt: something answered, but not HTTP. Either way Daraja
    // may have accepted the push.
    if (code == Errc::io || code == Errc::corrupt) {
      return StkPushOutcome(ReplyLost{response.error().message});
    }
    return make_error(code, "STK push: " + response.error().message);
  }
  auto answer = parse_stk_push_answer(response->body);
  if (!answer) {
    return StkPushOutcome(ReplyLost{"Daraja's answer (" + status_text(response->status) +
                                    ") could not be read: " + answer.error().message});
  }
  if (auto* accepted = std::get_if<StkPushAccepted>(&*answer)) return StkPushOutcome(*accepted);
  return StkPushOutcome(refusal(std::get<DarajaError>(*answer)));
}

Result<StkQueryOutcome> read_query_answer(const Result<http::HttpsResponse>& response) {
  if (!response) return make_error(response.error().code, "STK query: " + response.error().message);
  auto answer = parse_stk_query_answer(response->body);
  if (!answer) {
    return make_error(Errc::corrupt, "STK query: Daraja's answer (" +
                                         status_text(response->status) +
                                         ") could not be read: " + answer.error().message);
  }
  if (auto* settled = std::get_if<StkQuerySettled>(&*answer)) {
    return StkQueryOutcome(
        StkQuerySettledResult{*settled, classify_result_code(settled->result_code)});
  }
  if (std::holds_alternative<StkQueryStillProcessing>(*answer))
    return StkQueryOutcome(StkQueryPending{});
  return StkQueryOutcome(refusal(std::get<DarajaError>(*answer)));
}

}  // namespace hotspot::payments::daraja::detail
