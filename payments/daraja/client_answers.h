#pragma once
// Reading what one Daraja call came back with into the client's outcomes; pure, so the rules
// (what is a lost reply, what is a refusal) are tested without a network.

#include <optional>
#include <string>

#include "payments/daraja/client.h"

namespace hotspot::payments::daraja::detail {

// The token answer, or an error that says whose fault it was (see client.h).
Result<TokenResult> read_token_answer(const Result<http::HttpsResponse>& response);
// The error envelope in an answer, if it is one (for the invalid-token retry).
std::optional<DarajaError> error_envelope_of(const http::HttpsResponse& response);
// A push answer. Lost or unreadable answers are ReplyLost, as the push may have been accepted.
Result<StkPushOutcome> read_push_answer(const Result<http::HttpsResponse>& response);
Result<StkQueryOutcome> read_query_answer(const Result<http::HttpsResponse>& response);

}  // namespace hotspot::payments::daraja::detail
