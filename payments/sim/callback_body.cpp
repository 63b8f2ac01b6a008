#include "payments/sim/callback_body.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "payments/sim/outcomes.h"

namespace hotspot::payments::sim {

std::string nairobi_timestamp(WallTime time) {
  const std::time_t seconds = static_cast<std::time_t>(to_unix_seconds(time) + 3 * 3600);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &parts);
  return text;
}

std::string stk_callback_body(const SettledPush& push) {
  nlohmann::json callback = {
      {"MerchantRequestID", push.merchant_request_id},
      {"CheckoutRequestID", push.checkout_request_id},
      {"ResultCode", push.result_code},
      {"ResultDesc", result_description(push.result_code)},
  };
  if (push.result_code == 0) {
    // Daraja sends the amount as a decimal number (1.00) and the date and phone as numbers.
    callback["CallbackMetadata"]["Item"] = nlohmann::json::array({
        {{"Name", "Amount"}, {"Value", static_cast<double>(push.amount)}},
        {{"Name", "MpesaReceiptNumber"}, {"Value", push.receipt}},
        {{"Name", "Balance"}},
        {{"Name", "TransactionDate"}, {"Value", std::stoll(nairobi_timestamp(push.paid_at))}},
        {{"Name", "PhoneNumber"}, {"Value", std::stoll(push.phone)}},
    });
  }
  return nlohmann::json{{"Body", {{"stkCallback", callback}}}}.dump();
}

}  // namespace hotspot::payments::sim
