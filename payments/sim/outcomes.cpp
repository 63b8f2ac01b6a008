#include "payments/sim/outcomes.h"

#include <array>
#include <utility>

namespace hotspot::payments::sim {
namespace {

constexpr std::array<std::pair<Outcome, const char*>, 13> kNames{{
    {Outcome::success, "success"},
    {Outcome::cancelled, "cancelled"},
    {Outcome::timeout, "timeout"},
    {Outcome::wrong_pin, "wrong_pin"},
    {Outcome::insufficient_funds, "insufficient_funds"},
    {Outcome::callback_lost, "callback_lost"},
    {Outcome::callback_duplicated, "callback_duplicated"},
    {Outcome::callback_late, "callback_late"},
    {Outcome::query_pending, "query_pending"},
    {Outcome::http_500, "http_500"},
    {Outcome::token_expired, "token_expired"},
    {Outcome::spike_arrest, "spike_arrest"},
    {Outcome::rule_limited, "rule_limited"},
}};

// Keep in step with README.md. The digits echo the ResultCodes where there is one.
constexpr std::array<std::pair<const char*, Outcome>, 12> kPhoneTable{{
    {"32", Outcome::cancelled},
    {"37", Outcome::timeout},
    {"01", Outcome::wrong_pin},
    {"11", Outcome::insufficient_funds},
    {"40", Outcome::callback_lost},
    {"41", Outcome::callback_duplicated},
    {"42", Outcome::callback_late},
    {"43", Outcome::query_pending},
    {"50", Outcome::http_500},
    {"51", Outcome::token_expired},
    {"52", Outcome::spike_arrest},
    {"17", Outcome::rule_limited},
}};

}  // namespace

const char* outcome_name(Outcome outcome) {
  for (const auto& [value, name] : kNames) {
    if (value == outcome) return name;
  }
  return "unknown";
}

std::optional<Outcome> parse_outcome(const std::string& name) {
  for (const auto& [value, text] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

Outcome outcome_for_phone(const std::string& msisdn) {
  if (msisdn.size() < 2) return Outcome::success;
  const std::string last_two = msisdn.substr(msisdn.size() - 2);
  for (const auto& [digits, outcome] : kPhoneTable) {
    if (last_two == digits) return outcome;
  }
  return Outcome::success;
}

bool is_synchronous_fault(Outcome outcome) {
  return outcome == Outcome::http_500 || outcome == Outcome::token_expired ||
         outcome == Outcome::spike_arrest;
}

int result_code(Outcome outcome) {
  switch (outcome) {
    case Outcome::cancelled: return 1032;
    case Outcome::timeout: return 1037;
    case Outcome::wrong_pin: return 2001;
    case Outcome::insufficient_funds: return 1;
    case Outcome::rule_limited: return 17;
    default: return 0;
  }
}

// Daraja's own wording (reference §3.2); clients must not match on it, and the tests do not.
const char* result_description(int result_code) {
  switch (result_code) {
    case 0: return "The service request is processed successfully.";
    case 1: return "The balance is insufficient for the transaction.";
    case 17: return "Rule limited.";
    case 1032: return "Request cancelled by user";
    case 1037: return "DS timeout user cannot be reached";
    case 2001: return "The initiator information is invalid.";
  }
  return "Unknown result";
}

}  // namespace hotspot::payments::sim
