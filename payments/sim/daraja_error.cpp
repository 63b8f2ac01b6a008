#include "payments/sim/daraja_error.h"

#include <nlohmann/json.hpp>

namespace hotspot::payments::sim {

DarajaError invalid_field(const std::string& field) {
  return {400, "400.002.02", "Bad Request - Invalid " + field};
}
DarajaError invalid_access_token() { return {404, "404.001.03", "Invalid Access Token"}; }
DarajaError invalid_authentication() {
  return {400, "400.008.01", "Invalid Authentication passed"};
}
DarajaError invalid_grant_type() { return {400, "400.008.02", "Invalid grant type passed"}; }
DarajaError resource_not_found() { return {404, "404.001.01", "Resource not found"}; }
DarajaError method_not_allowed() { return {405, "405.001", "Method Not Allowed"}; }
DarajaError merchant_does_not_exist() { return {500, "500.001.1001", "Merchant does not exist"}; }
DarajaError wrong_credentials() { return {500, "500.001.1001", "Wrong credentials"}; }
DarajaError subscriber_locked() {
  return {
      500, "500.001.1001",
      "Unable to lock subscriber, a transaction is already in process for the current subscriber"};
}
DarajaError still_processing() {
  return {500, "500.001.1001", "The transaction is being processed"};
}
DarajaError spike_arrest_violation() {
  return {500, "500.003.02", "Error Occurred: Spike Arrest Violation"};
}
DarajaError internal_server_error() { return {500, "500.003.1001", "Internal Server Error"}; }

http::ServerResponse error_response(const DarajaError& error, const std::string& request_id) {
  nlohmann::json body = {
      {"requestId", request_id}, {"errorCode", error.code}, {"errorMessage", error.message}};
  return {error.http_status, "application/json", body.dump()};
}

}  // namespace hotspot::payments::sim
