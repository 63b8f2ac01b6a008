#pragma once
// The Daraja client: OAuth tokens, STK push and STK query over an HttpsClient, on its
// executor. It decides nothing about the books: it says what Daraja answered, classified, and
// hands back the raw bodies so that the ledger can keep them for audit. Those copies never
// hold the Authorization header, the token or the Password (which would reveal the passkey).
//
// Used from the HttpsClient's executor thread only. Every handler is called exactly once, on
// that executor, never inside the call that started it — unless the client is destroyed first,
// in which case pending handlers are dropped uncalled.

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "payments/daraja/outcomes.h"
#include "payments/daraja/responses.h"
#include "payments/daraja/settings.h"
#include "payments/daraja/token_cache.h"
#include "payments/http/https_client.h"

namespace hotspot::payments::daraja {

struct DarajaClientOptions {
  // For each HTTPS request (resolve to last byte). A call may make up to four: a token, the
  // call, a fresh token and the one retry.
  std::chrono::milliseconds request_deadline{15000};
};

// One request and its answer as the ledger keeps them: bodies only, secrets redacted.
struct RawExchange {
  std::string endpoint;  // "stk_push", "stk_query"
  std::string request_body;
  int http_status = 0;  // 0 when no answer came
  std::string response_body;
};

struct TokenResult {
  std::string access_token;
  Seconds expires_in{0};  // zero when it came from the cache
  bool from_cache = false;
};

// Daraja refused the call (an error envelope), classified for the caller.
struct DarajaRefusal {
  DarajaError error;
  DarajaErrorKind kind = DarajaErrorKind::server_error;
  PaymentOutcome outcome = PaymentOutcome::failed;  // what to tell the customer
};

// The push may have reached Daraja but its answer did not come back (or was unreadable): the
// ledger's `unknown`. It cannot be queried, as there is no CheckoutRequestID.
struct ReplyLost {
  std::string reason;
};

using StkPushOutcome = std::variant<StkPushAccepted, DarajaRefusal, ReplyLost>;
struct StkPushResult {
  StkPushOutcome outcome;
  std::vector<RawExchange> exchanges;  // every push sent, the retry included
};

struct StkQuerySettledResult {
  StkQuerySettled answer;
  PaymentOutcome outcome = PaymentOutcome::failed;
};
struct StkQueryPending {};  // the customer is still deciding
using StkQueryOutcome = std::variant<StkQuerySettledResult, StkQueryPending, DarajaRefusal>;
struct StkQueryResult {
  StkQueryOutcome outcome;
  std::vector<RawExchange> exchanges;
};

// Errors the handlers get (Result errors), by what a caller may do next:
//   invalid_argument  our input was wrong (a field of the push, the settings): nothing was sent.
//   permission        Daraja refused the consumer key and secret, or TLS did not trust the host.
//   unavailable       Daraja never saw the call (unreachable, refused, timed out before the
//                     request was written) or answered the token request with a server error.
//   io, corrupt       a token or query answer was lost or unreadable (a push's never is: it is
//                     a ReplyLost outcome instead).
using TokenHandler = std::function<void(Result<TokenResult>)>;
using StkPushHandler = std::function<void(Result<StkPushResult>)>;
using StkQueryHandler = std::function<void(Result<StkQueryResult>)>;

class DarajaClient {
 public:
  // `https`, `tokens` and `clock` must outlive the client.
  DarajaClient(boost::asio::any_io_executor executor, http::HttpsClient& https,
               DarajaSettings settings, TokenCache& tokens, const Clock& clock,
               DarajaClientOptions options = {});
  ~DarajaClient();
  DarajaClient(const DarajaClient&) = delete;
  DarajaClient& operator=(const DarajaClient&) = delete;

  // From the cache, or minted with OAuth. Concurrent callers share one OAuth request, since
  // Daraja invalidates the previous token whenever a new one is minted.
  void access_token(TokenHandler done);
  void stk_push(StkPushRequest request, StkPushHandler done);
  void stk_query(std::string checkout_request_id, StkQueryHandler done);

 private:
  struct Call;
  void mint_token();
  void finish_minting(Result<http::HttpsResponse> response, MonoTime requested_at);
  void start(std::shared_ptr<Call> call);
  void send(std::shared_ptr<Call> call);
  void on_answer(std::shared_ptr<Call> call, std::string token,
                 Result<http::HttpsResponse> response);
  void post(std::function<void()> fn);

  boost::asio::any_io_executor executor_;
  http::HttpsClient& https_;
  DarajaSettings settings_;
  std::string credentials_id_;
  TokenCache& tokens_;
  const Clock& clock_;
  DarajaClientOptions options_;
  std::vector<TokenHandler> waiting_for_token_;  // non-empty while an OAuth request is out
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// Redacts "Password" in a push or query body for keeping (the passkey can be decoded from it).
std::string redact_request_body(const std::string& body);

}  // namespace hotspot::payments::daraja
