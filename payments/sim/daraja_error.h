#pragma once
// Daraja's error envelope (reference §1 and §2.3): `requestId`, `errorCode`, `errorMessage`,
// with an HTTP status that varies by error. The constructors name the errors the simulator gives.

#include <string>

#include "payments/http/http_framing.h"

namespace hotspot::payments::sim {

struct DarajaError {
  int http_status = 400;
  std::string code;
  std::string message;
};

DarajaError invalid_field(const std::string& field);  // 400.002.02 "Bad Request - Invalid <field>"
DarajaError invalid_access_token();                   // 404.001.03
DarajaError invalid_authentication();                 // 400.008.01
DarajaError invalid_grant_type();                     // 400.008.02
DarajaError resource_not_found();                     // 404.001.01
DarajaError method_not_allowed();                     // 405.001
DarajaError merchant_does_not_exist();                // 500.001.1001
DarajaError wrong_credentials();                      // 500.001.1001
DarajaError subscriber_locked();                      // 500.001.1001
DarajaError still_processing();                       // 500.001.1001, the STK query's "pending"
DarajaError spike_arrest_violation();                 // 500.003.02
DarajaError internal_server_error();                  // 500.003.1001

http::ServerResponse error_response(const DarajaError& error, const std::string& request_id);

}  // namespace hotspot::payments::sim
