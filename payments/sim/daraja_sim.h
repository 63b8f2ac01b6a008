#pragma once
// Daraja as the reference describes it, without IO: OAuth tokens, STK push, STK query, the
// callbacks each push causes, and the control endpoints that pick outcomes and move the clock.
// handle() answers one HTTP request and says which callbacks to deliver, and after how long;
// SimServer does the delivering. Used from one thread.
//
// Not simulated yet: ResultCodes 1019, 1025 and 2028, quota violation (500.003.03), spike arrest
// from the real request rate, Timestamp freshness, C2B, Transaction Status and Pull.

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "payments/http/http_framing.h"
#include "payments/sim/callback_body.h"
#include "payments/sim/daraja_error.h"
#include "payments/sim/outcomes.h"
#include "payments/sim/stk_request.h"

namespace hotspot::payments::sim {

struct SimOptions {
  std::string consumer_key = "hotspot-sim-consumer-key";
  std::string consumer_secret = "hotspot-sim-consumer-secret";
  Merchant merchant;
  std::chrono::seconds token_lifetime{3600};  // expires_in says one second less, as Daraja does
  // When the simulated customer answers the prompt: the query settles and the callback leaves.
  std::chrono::milliseconds callback_delay{2000};
  // How much later than that a callback_late callback leaves (the query has settled by then).
  std::chrono::milliseconds late_callback_after{10000};
  bool allow_http_callbacks = false;
};

struct CallbackDelivery {
  std::string url;
  std::string body;
  std::chrono::milliseconds delay{0};  // from the push
};

struct SimReply {
  http::ServerResponse response;
  std::vector<CallbackDelivery> callbacks;
};

class DarajaSim {
 public:
  DarajaSim(SimOptions options, const Clock& clock);

  SimReply handle(const http::ServerRequest& request);

  // What the control endpoints do, for code that holds the simulator directly.
  void set_next_outcome(Outcome outcome, const std::optional<std::string>& phone);
  // The next OAuth or query request fails this way; only synchronous faults (false otherwise).
  enum class Endpoint { oauth, query };
  bool set_next_fault(Endpoint endpoint, Outcome fault);
  void advance_clock(std::chrono::seconds by) { skew_ += by; }

 private:
  struct Push {
    SettledPush settled;
    Outcome outcome = Outcome::success;
    MonoTime pushed_at;
    MonoTime settles_at;
    int pending_queries_left = 0;
  };

  SimReply oauth(const http::ServerRequest& request, const std::string& query);
  SimReply stk_push(const http::ServerRequest& request);
  SimReply stk_query(const http::ServerRequest& request);
  SimReply control(const std::string& path, const http::ServerRequest& request);
  SimReply control_next(const nlohmann::json& body);
  SimReply control_clock(const nlohmann::json& body);
  std::optional<DarajaError> check_bearer(const http::ServerRequest& request) const;
  std::optional<DarajaError> sync_fault(Outcome outcome);
  Outcome choose_outcome(const StkPush& push);
  bool same_amount_recently(const StkPush& push) const;
  void forget_old_pushes();
  bool subscriber_busy(const std::string& phone) const;
  Push accept_push(const StkPush& push, Outcome outcome);
  std::vector<CallbackDelivery> callbacks_for(const Push& push, const std::string& url) const;
  SimReply error(const DarajaError& error);
  std::string random_digits(int count);
  std::string random_receipt();
  MonoTime now() const { return clock_.monotonic_now() + skew_; }
  WallTime wall_now() const { return clock_.wall_now() + skew_; }

  SimOptions options_;
  const Clock& clock_;
  std::chrono::seconds skew_{0};
  std::string token_;  // minting a token invalidates the one before (reference §1)
  MonoTime token_expires_;
  std::map<std::string, Push> pushes_;  // by CheckoutRequestID
  std::optional<Outcome> next_outcome_;
  std::optional<Outcome> next_oauth_fault_;
  std::optional<Outcome> next_query_fault_;
  std::map<std::string, Outcome> next_outcome_for_phone_;
  std::mt19937_64 random_;
  std::uint64_t pushes_made_ = 0;
};

}  // namespace hotspot::payments::sim
