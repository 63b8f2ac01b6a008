// Routing, OAuth and the bearer check. The STK endpoints are in stk_endpoints.cpp, the control
// endpoints in control_endpoints.cpp.
#include "payments/sim/daraja_sim.h"

#include <mbedtls/base64.h>

#include <nlohmann/json.hpp>

namespace hotspot::payments::sim {
namespace {

std::string base64(const std::string& plain) {
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
  out.resize(written);
  return out;
}

bool has_parameter(const std::string& query, const std::string& parameter) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    if (query.compare(start, end - start, parameter) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

DarajaSim::DarajaSim(SimOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), random_(std::random_device{}()) {}

SimReply DarajaSim::handle(const http::ServerRequest& request) {
  const std::size_t mark = request.target.find('?');
  const std::string path = request.target.substr(0, mark);
  const std::string query = mark == std::string::npos ? "" : request.target.substr(mark + 1);
  const bool post = request.method == "POST";
  if (path == "/oauth/v1/generate")
    return request.method == "GET" ? oauth(request, query) : error(method_not_allowed());
  if (path == "/mpesa/stkpush/v1/processrequest")
    return post ? stk_push(request) : error(method_not_allowed());
  if (path == "/mpesa/stkpushquery/v1/query")
    return post ? stk_query(request) : error(method_not_allowed());
  if (path.rfind("/sim/", 0) == 0)
    return post ? control(path, request) : error(method_not_allowed());
  return error(resource_not_found());
}

SimReply DarajaSim::oauth(const http::ServerRequest& request, const std::string& query) {
  if (next_oauth_fault_) return error(*sync_fault(*std::exchange(next_oauth_fault_, std::nullopt)));
  const std::string authorization = request.header("Authorization");
  if (authorization.rfind("Basic ", 0) != 0) return error(invalid_authentication());
  if (!has_parameter(query, "grant_type=client_credentials")) return error(invalid_grant_type());
  if (authorization != "Basic " + base64(options_.consumer_key + ":" + options_.consumer_secret)) {
    return error(invalid_authentication());
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  token_.clear();
  for (int i = 0; i < 28; ++i) token_ += kAlphabet[random_() % (sizeof kAlphabet - 1)];
  token_expires_ = now() + options_.token_lifetime;
  // expires_in is a string on the wire, one second short of the lifetime (reference §1).
  nlohmann::json body = {{"access_token", token_},
                         {"expires_in", std::to_string(options_.token_lifetime.count() - 1)}};
  return {{200, "application/json", body.dump()}, {}};
}

std::optional<DarajaError> DarajaSim::check_bearer(const http::ServerRequest& request) const {
  const std::string authorization = request.header("Authorization");
  if (token_.empty() || authorization != "Bearer " + token_ || now() >= token_expires_) {
    return invalid_access_token();
  }
  return std::nullopt;
}

SimReply DarajaSim::error(const DarajaError& error) {
  return {error_response(error, random_digits(5) + "-" + random_digits(8) + "-1"), {}};
}

std::string DarajaSim::random_digits(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + random_() % 10);
  return out;
}

// Ten upper-case letters and digits, starting with a letter, like NLJ7RT61SV.
std::string DarajaSim::random_receipt() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out(1, kAlphabet[random_() % 26]);
  while (out.size() < 10) out += kAlphabet[random_() % (sizeof kAlphabet - 1)];
  return out;
}

}  // namespace hotspot::payments::sim
