#pragma once
// What a customer buys: a price, a time and/or data allowance, speeds and a device count.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/money.h"
#include "core/result.h"

namespace hotspot {

enum class ValidityMode {
  wall_clock,      // the time allowance runs from first login, connected or not
  connected_time,  // only time spent online counts
};

const char* validity_mode_name(ValidityMode mode);  // "wall-clock", "connected-time"
Result<ValidityMode> parse_validity_mode(std::string_view text);

inline constexpr int kMaxSharedDevices = 32;
inline constexpr std::size_t kMaxPlanNameLength = 64;

struct Plan {
  std::int64_t id = 0;  // 0 until stored
  std::string name;     // unique, 1..64 printable characters, shown to customers
  Kes price;
  std::optional<Seconds> time_allowance;
  std::optional<std::uint64_t> data_allowance_bytes;
  ValidityMode validity = ValidityMode::wall_clock;
  std::uint64_t upload_bps = 0;    // 0 = unlimited
  std::uint64_t download_bps = 0;  // 0 = unlimited
  int shared_devices = 1;          // how many devices may use one ticket at once
  bool enabled = true;             // a disabled plan is kept for the books but no longer sold

  bool operator==(const Plan&) const = default;
};

// Every rule a stored plan obeys; the message names the field:
// name 1..64 printable UTF-8 without control characters; price 1..250,000 KES; at least one
// allowance; a time allowance of at least one minute and at most 366 days; a data allowance of
// at least 1 MiB; connected-time validity only with a time allowance; shared devices 1..32.
Status validate_plan(const Plan& plan);

// The RouterOS user-profile rate-limit, from the router's side: "<upload>/<download>",
// e.g. "2M/5M"; empty when both are unlimited.
std::string routeros_rate_limit(const Plan& plan);

// One line for people: "1 hour, 500 MB, 2M/5M, 1 device".
std::string describe_allowance(const Plan& plan);

}  // namespace hotspot
