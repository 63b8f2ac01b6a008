#pragma once
// Daraja's STK callbacks built by hand, for tests that post them straight to the payment
// service's handler: as the simulator sends them (payments/sim/callback_body.cpp), or bent into
// what a broken relay or a forger might send.

#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "payments/http/http_framing.h"
#include "payments/sim/callback_body.h"
#include "storage/payments.h"

namespace hotspot::daemon::testing {

struct CallbackFacts {
  std::string checkout_request_id{};  // empty: the payment's own
  int result_code = 0;
  long amount = 0;      // 0: the payment's amount
  std::string phone{};  // empty: the payment's phone
  std::string receipt = "TST1234567";
  WallTime paid_at = WallTime{};  // epoch: now
};

inline std::string callback_body(const storage::Payment& p, CallbackFacts facts, WallTime now) {
  payments::sim::SettledPush push;
  push.merchant_request_id =
      p.merchant_request_id.empty() ? "29115-34620561-1" : p.merchant_request_id;
  push.checkout_request_id = !facts.checkout_request_id.empty()
                                 ? facts.checkout_request_id
                                 : p.checkout_request_id.value_or("ws_CO_000000000000");
  push.result_code = facts.result_code;
  push.amount = facts.amount != 0 ? facts.amount : static_cast<long>(p.amount_kes);
  push.receipt = facts.receipt;
  push.phone = facts.phone.empty() ? p.phone : facts.phone;
  push.paid_at = facts.paid_at == WallTime{} ? now : facts.paid_at;
  return payments::sim::stk_callback_body(push);
}

// The request Daraja (or the relay) makes to the payment's own CallBackURL.
inline payments::http::ServerRequest callback_request(const storage::Payment& p, std::string body,
                                                      std::string method = "POST") {
  payments::http::ServerRequest request;
  request.method = std::move(method);
  request.target = "/cb/" + std::to_string(p.id) + "/" + p.callback_secret;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

// The callback's stkCallback object, to bend before posting.
inline nlohmann::json& stk_callback_of(nlohmann::json& body) { return body["Body"]["stkCallback"]; }

inline void drop_item(nlohmann::json& body, const std::string& name) {
  auto& items = stk_callback_of(body)["CallbackMetadata"]["Item"];
  for (auto it = items.begin(); it != items.end(); ++it) {
    if ((*it)["Name"] == name) {
      items.erase(it);
      return;
    }
  }
}

inline void set_item(nlohmann::json& body, const std::string& name, nlohmann::json value) {
  for (auto& item : stk_callback_of(body)["CallbackMetadata"]["Item"]) {
    if (item["Name"] == name) item["Value"] = std::move(value);
  }
}

}  // namespace hotspot::daemon::testing
