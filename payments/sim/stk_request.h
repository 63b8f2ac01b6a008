#pragma once
// The STK push and STK query request bodies, checked field by field as Daraja checks them
// (reference §2.1, §4, §8). Pure: the merchant's shortcode and passkey are passed in.
// Not checked: whether the Timestamp is recent (Daraja is said to refuse old ones), the 182-
// character prompt limit (ResultCode 1025), and TransactionType against the kind of shortcode.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "payments/sim/daraja_error.h"

namespace hotspot::payments::sim {

struct Merchant {
  std::string shortcode = "174379";  // the sandbox's test paybill and its published passkey
  std::string passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
};

struct StkPush {
  std::string shortcode;
  std::string timestamp;
  std::string transaction_type;
  long amount = 0;
  std::string party_a;
  std::string party_b;
  std::string phone;
  std::string callback_url;
  std::string account_reference;
  std::string description;
};

struct StkQuery {
  std::string shortcode;
  std::string timestamp;
  std::string checkout_request_id;
};

// base64(shortcode + passkey + timestamp), the Password field.
std::string stk_password(const std::string& shortcode, const std::string& passkey,
                         const std::string& timestamp);

// Fills `out`, or says which field is wrong. `allow_http_callbacks` lets a LAN receiver use
// http:// (Daraja itself wants https).
std::optional<DarajaError> read_stk_push(const std::string& body, const Merchant& merchant,
                                         bool allow_http_callbacks, StkPush& out);
std::optional<DarajaError> read_stk_query(const std::string& body, const Merchant& merchant,
                                          StkQuery& out);

}  // namespace hotspot::payments::sim
