// The simulator's own endpoints, under /sim/, for tests and the demo: choose what the next push
// (or the next push to one phone, or the next OAuth or query request) does, and move the clock
// that ages tokens and pushes. They answer with a small JSON object, or 400 and {"error": ...}.
#include <nlohmann/json.hpp>

#include "payments/sim/daraja_sim.h"

namespace hotspot::payments::sim {
namespace {

SimReply refuse(const std::string& why) {
  return {{400, "application/json", nlohmann::json{{"error", why}}.dump()}, {}};
}

SimReply accepted(const nlohmann::json& what) {
  return {{200, "application/json", what.dump()}, {}};
}

std::optional<std::string> string_field(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

void DarajaSim::set_next_outcome(Outcome outcome, const std::optional<std::string>& phone) {
  if (phone)
    next_outcome_for_phone_[*phone] = outcome;
  else
    next_outcome_ = outcome;
}

bool DarajaSim::set_next_fault(Endpoint endpoint, Outcome fault) {
  if (!is_synchronous_fault(fault)) return false;
  if (endpoint == Endpoint::oauth && fault == Outcome::token_expired) return false;
  (endpoint == Endpoint::oauth ? next_oauth_fault_ : next_query_fault_) = fault;
  return true;
}

SimReply DarajaSim::control(const std::string& path, const http::ServerRequest& request) {
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return refuse("the body must be a JSON object");
  if (path == "/sim/next") return control_next(body);
  if (path == "/sim/clock") return control_clock(body);
  return error(resource_not_found());
}

SimReply DarajaSim::control_next(const nlohmann::json& body) {
  auto name = string_field(body, "outcome");
  auto outcome = name ? parse_outcome(*name) : std::nullopt;
  if (!outcome) return refuse("outcome must be one of the names in payments/sim/README.md");
  const std::string endpoint = string_field(body, "endpoint").value_or("push");
  if (endpoint == "oauth" || endpoint == "query") {
    const auto which = endpoint == "oauth" ? Endpoint::oauth : Endpoint::query;
    if (!set_next_fault(which, *outcome)) {
      return refuse(std::string(outcome_name(*outcome)) + " cannot happen to the " + endpoint +
                    " endpoint");
    }
    return accepted({{"outcome", outcome_name(*outcome)}, {"endpoint", endpoint}});
  }
  if (endpoint != "push") return refuse("endpoint must be push, query or oauth");
  std::optional<std::string> phone = string_field(body, "phone");
  if (body.contains("phone") && !phone) return refuse("phone must be a string of 12 digits");
  set_next_outcome(*outcome, phone);
  return accepted(
      {{"outcome", outcome_name(*outcome)}, {"endpoint", endpoint}, {"phone", phone.value_or("")}});
}

SimReply DarajaSim::control_clock(const nlohmann::json& body) {
  auto seconds = body.find("advance_seconds");
  if (seconds == body.end() || !seconds->is_number_integer() || seconds->get<long long>() < 0) {
    return refuse("advance_seconds must be a whole number of seconds, 0 or more");
  }
  advance_clock(std::chrono::seconds(seconds->get<long long>()));
  return accepted({{"advanced_seconds", seconds->get<long long>()}});
}

}  // namespace hotspot::payments::sim
