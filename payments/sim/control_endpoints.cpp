// The simulator's own endpoints, under /sim/, for tests and the demo: choose what the next push
// (or the next push to one phone) does, and move the clock that ages tokens and pushes. They
// answer with a small JSON object, or 400 and {"error": "..."}.
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

}  // namespace

void DarajaSim::set_next_outcome(Outcome outcome, const std::optional<std::string>& phone) {
  if (phone)
    next_outcome_for_phone_[*phone] = outcome;
  else
    next_outcome_ = outcome;
}

SimReply DarajaSim::control(const std::string& path, const http::ServerRequest& request) {
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return refuse("the body must be a JSON object");
  if (path == "/sim/next") {
    auto name = body.find("outcome");
    auto outcome = name != body.end() && name->is_string() ? parse_outcome(*name) : std::nullopt;
    if (!outcome) return refuse("outcome must be one of the names in payments/sim/README.md");
    std::optional<std::string> phone;
    if (auto it = body.find("phone"); it != body.end()) {
      if (!it->is_string()) return refuse("phone must be a string of 12 digits");
      phone = it->get<std::string>();
    }
    set_next_outcome(*outcome, phone);
    return accepted({{"outcome", outcome_name(*outcome)}, {"phone", phone.value_or("")}});
  }
  if (path == "/sim/clock") {
    auto seconds = body.find("advance_seconds");
    if (seconds == body.end() || !seconds->is_number_integer() || seconds->get<long long>() < 0) {
      return refuse("advance_seconds must be a whole number of seconds, 0 or more");
    }
    advance_clock(std::chrono::seconds(seconds->get<long long>()));
    return accepted({{"advanced_seconds", seconds->get<long long>()}});
  }
  return error(resource_not_found());
}

}  // namespace hotspot::payments::sim
