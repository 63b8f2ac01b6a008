#include "core/plan.h"

#include "core/bytes.h"
#include "core/internal/text.h"

namespace hotspot {
namespace {

constexpr Seconds kMinTimeAllowance{60};
constexpr Seconds kMaxTimeAllowance{366 * 86'400};
constexpr std::uint64_t kMinDataAllowance = 1024 * 1024;

Error field_error(std::string_view field, std::string why) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + std::move(why));
}

Status validate_name(std::string_view name) {
  if (name.empty()) return field_error("name", "must not be empty");
  std::size_t pos = 0;
  std::size_t characters = 0;
  while (pos < name.size()) {
    auto cp = internal::decode_utf8(name, pos);
    if (!cp) return field_error("name", "must be valid UTF-8 text");
    if (internal::is_control(*cp)) {
      return field_error("name", "must not contain control characters");
    }
    ++characters;
  }
  if (characters > kMaxPlanNameLength) {
    return field_error("name", "must be at most " + std::to_string(kMaxPlanNameLength) +
                                   " characters (got " + std::to_string(characters) + ")");
  }
  // Names are unique and typed by people; stray edge spaces would make two names look alike.
  if (internal::is_space(name.front()) || internal::is_space(name.back())) {
    return field_error("name", "must not start or end with a space");
  }
  return {};
}

Status validate_allowances(const Plan& plan) {
  if (!plan.time_allowance && !plan.data_allowance_bytes) {
    return field_error("allowance", "a plan needs a time allowance, a data allowance or both");
  }
  if (plan.time_allowance &&
      (*plan.time_allowance < kMinTimeAllowance || *plan.time_allowance > kMaxTimeAllowance)) {
    return field_error("time_allowance", "must be between 1 minute and 366 days (got " +
                                             format_routeros_duration(*plan.time_allowance) + ")");
  }
  if (plan.data_allowance_bytes && *plan.data_allowance_bytes < kMinDataAllowance) {
    return field_error("data_allowance", "must be at least 1M (got " +
                                             format_byte_size(*plan.data_allowance_bytes) + ")");
  }
  if (plan.validity == ValidityMode::connected_time && !plan.time_allowance) {
    return field_error("validity", "connected-time needs a time allowance to count down");
  }
  return {};
}

}  // namespace

const char* validity_mode_name(ValidityMode mode) {
  switch (mode) {
    case ValidityMode::wall_clock: return "wall-clock";
    case ValidityMode::connected_time: return "connected-time";
  }
  return "unknown";
}

Result<ValidityMode> parse_validity_mode(std::string_view text) {
  std::string key = internal::ascii_lower(internal::trim(text));
  for (char& c : key) {
    if (c == '_') c = '-';
  }
  if (key == "wall-clock") return ValidityMode::wall_clock;
  if (key == "connected-time") return ValidityMode::connected_time;
  return field_error("validity", "must be wall-clock or connected-time (got " +
                                     internal::quote_for_message(text) + ")");
}

Status validate_plan(const Plan& plan) {
  if (auto s = validate_name(plan.name); !s) return s;
  if (auto s = validate_price(plan.price); !s) return s;
  if (auto s = validate_allowances(plan); !s) return s;
  if (plan.shared_devices < 1 || plan.shared_devices > kMaxSharedDevices) {
    return field_error("shared_devices", "must be between 1 and " +
                                             std::to_string(kMaxSharedDevices) + " (got " +
                                             std::to_string(plan.shared_devices) + ")");
  }
  return {};
}

std::string routeros_rate_limit(const Plan& plan) {
  if (plan.upload_bps == 0 && plan.download_bps == 0) return "";
  // RouterOS reads "0" in a rate-limit as unlimited in that direction.
  return format_rate(plan.upload_bps) + "/" + format_rate(plan.download_bps);
}

std::string describe_allowance(const Plan& plan) {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (plan.time_allowance) {
    add(format_human_duration(*plan.time_allowance) +
        (plan.validity == ValidityMode::connected_time ? " online" : ""));
  }
  if (plan.data_allowance_bytes) add(format_human_bytes(*plan.data_allowance_bytes));
  if (plan.upload_bps != 0 || plan.download_bps != 0) {
    auto speed = [](std::uint64_t bps) {
      return bps == 0 ? std::string("unlimited") : format_rate(bps);
    };
    add(speed(plan.upload_bps) + "/" + speed(plan.download_bps));
  }
  add(std::to_string(plan.shared_devices) + (plan.shared_devices == 1 ? " device" : " devices"));
  return out;
}

}  // namespace hotspot
