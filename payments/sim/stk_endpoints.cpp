// STK push and STK query: validation, the outcome of each push, and the callbacks it causes.
#include <nlohmann/json.hpp>

#include "payments/sim/daraja_sim.h"

namespace hotspot::payments::sim {
namespace {

// Daraja reads a body sent with another content type as if its shortcode were missing.
bool is_json(const http::ServerRequest& request) {
  return request.header("Content-Type").rfind("application/json", 0) == 0;
}

}  // namespace

// An outcome set through the control endpoint wins; then Daraja's rule against the same amount
// to the same customer within two minutes; then the phone number's table.
Outcome DarajaSim::choose_outcome(const StkPush& push) {
  if (auto it = next_outcome_for_phone_.find(push.phone); it != next_outcome_for_phone_.end()) {
    const Outcome outcome = it->second;
    next_outcome_for_phone_.erase(it);
    return outcome;
  }
  if (next_outcome_) return *std::exchange(next_outcome_, std::nullopt);
  if (same_amount_recently(push)) return Outcome::rule_limited;
  return outcome_for_phone(push.phone);
}

// A push refused by this rule does not start the two minutes again: the window runs from the
// last push that reached the customer (the reference says no more than "within 2 minutes").
bool DarajaSim::same_amount_recently(const StkPush& request) const {
  for (const auto& [id, push] : pushes_) {
    if (push.outcome != Outcome::rule_limited && push.settled.phone == request.phone &&
        push.settled.amount == request.amount && now() - push.pushed_at < std::chrono::minutes(2)) {
      return true;
    }
  }
  return false;
}

std::optional<DarajaError> DarajaSim::sync_fault(Outcome outcome) {
  switch (outcome) {
    case Outcome::http_500: return internal_server_error();
    case Outcome::spike_arrest: return spike_arrest_violation();
    case Outcome::token_expired:
      token_.clear();  // as if it had lapsed: the client must mint a new one
      return invalid_access_token();
    default: return std::nullopt;
  }
}

// A customer with a prompt still open cannot get another (reference §2.3, "Unable to lock").
bool DarajaSim::subscriber_busy(const std::string& phone) const {
  for (const auto& [id, push] : pushes_) {
    if (push.settled.phone == phone && now() < push.settles_at) return true;
  }
  return false;
}

DarajaSim::Push DarajaSim::accept_push(const StkPush& request, Outcome outcome) {
  Push push;
  push.outcome = outcome;
  push.pushed_at = now();
  push.settles_at = now() + options_.callback_delay;
  push.pending_queries_left = outcome == Outcome::query_pending ? 2 : 0;
  SettledPush& settled = push.settled;
  settled.merchant_request_id = random_digits(5) + "-" + random_digits(8) + "-1";
  settled.checkout_request_id =
      "ws_CO_" + nairobi_timestamp(wall_now()) + random_digits(4) + std::to_string(++pushes_made_);
  settled.result_code = result_code(outcome);
  settled.amount = request.amount;
  settled.phone = request.phone;
  settled.paid_at =
      wall_now() + std::chrono::duration_cast<std::chrono::seconds>(options_.callback_delay);
  if (settled.result_code == 0) settled.receipt = random_receipt();
  return push;
}

std::vector<CallbackDelivery> DarajaSim::callbacks_for(const Push& push,
                                                       const std::string& url) const {
  const std::string body = stk_callback_body(push.settled);
  const auto delay = options_.callback_delay;
  switch (push.outcome) {
    case Outcome::callback_lost: return {};
    case Outcome::callback_duplicated:
      return {{url, body, delay}, {url, body, delay + std::chrono::milliseconds(50)}};
    case Outcome::callback_late: return {{url, body, delay + options_.late_callback_after}};
    default: return {{url, body, delay}};
  }
}

// A simulator left running for days would otherwise keep every push; a day is far longer than
// any client polls.
void DarajaSim::forget_old_pushes() {
  std::erase_if(pushes_, [this](const auto& entry) {
    return now() - entry.second.pushed_at > std::chrono::hours(24);
  });
}

SimReply DarajaSim::stk_push(const http::ServerRequest& request) {
  if (auto denied = check_bearer(request)) return error(*denied);
  StkPush push;
  if (!is_json(request)) return error(invalid_field("BusinessShortCode"));
  if (auto invalid =
          read_stk_push(request.body, options_.merchant, options_.allow_http_callbacks, push)) {
    return error(*invalid);
  }
  const Outcome outcome = choose_outcome(push);
  if (auto fault = sync_fault(outcome)) return error(*fault);
  if (subscriber_busy(push.phone)) return error(subscriber_locked());
  Push accepted = accept_push(push, outcome);
  const SettledPush& ids = accepted.settled;
  nlohmann::json body = {{"MerchantRequestID", ids.merchant_request_id},
                         {"CheckoutRequestID", ids.checkout_request_id},
                         {"ResponseCode", "0"},
                         {"ResponseDescription", "Success. Request accepted for processing"},
                         {"CustomerMessage", "Success. Request accepted for processing"}};
  SimReply reply{{200, "application/json", body.dump()},
                 callbacks_for(accepted, push.callback_url)};
  forget_old_pushes();
  pushes_.emplace(ids.checkout_request_id, std::move(accepted));
  return reply;
}

SimReply DarajaSim::stk_query(const http::ServerRequest& request) {
  if (auto denied = check_bearer(request)) return error(*denied);
  if (next_query_fault_) return error(*sync_fault(*std::exchange(next_query_fault_, std::nullopt)));
  StkQuery query;
  if (!is_json(request)) return error(invalid_field("BusinessShortCode"));
  if (auto invalid = read_stk_query(request.body, options_.merchant, query)) return error(*invalid);
  auto it = pushes_.find(query.checkout_request_id);
  if (it == pushes_.end()) return error(invalid_field("CheckoutRequestID"));
  Push& push = it->second;
  if (now() < push.settles_at) return error(still_processing());
  if (push.pending_queries_left > 0) {
    --push.pending_queries_left;
    return error(still_processing());
  }
  // ResultCode is a string here, a number in the callback (reference §4); no receipt, no amount.
  nlohmann::json body = {
      {"ResponseCode", "0"},
      {"ResponseDescription", "The service request has been accepted successfully"},
      {"MerchantRequestID", push.settled.merchant_request_id},
      {"CheckoutRequestID", push.settled.checkout_request_id},
      {"ResultCode", std::to_string(push.settled.result_code)},
      {"ResultDesc", result_description(push.settled.result_code)}};
  return {{200, "application/json", body.dump()}, {}};
}

}  // namespace hotspot::payments::sim
