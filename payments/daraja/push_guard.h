#pragma once
// The abuse rules before an STK push: a customer's phone gets one open prompt at a time, a lost
// push blocks that phone for two minutes (Daraja would refuse anyway: "Unable to lock
// subscriber", ResultCode 17 for the same amount within 2 minutes), and one device or address
// on the hotspot LAN cannot spray prompts at other people's phones.
// Rules: reference/mpesa-pesapal.md 2.4 and 9.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/money.h"
#include "storage/payments.h"

namespace hotspot::payments::daraja {

// An initiated or pending push blocks its phone this long after it was created: the prompt
// lives about a minute and polling gives up after about three; past that, a stuck row (the
// sweep did not run) stops blocking the customer.
inline constexpr Seconds kOpenPushBlock{240};
// A push whose reply was lost blocks its phone this long after it became unknown.
inline constexpr Seconds kLostPushBlock{120};
// Daraja's rule 17: the same amount to the same phone within this is refused.
inline constexpr Seconds kSameAmountBlock{120};

struct PushBlock {
  std::int64_t payment_id = 0;    // the payment that blocks
  std::int64_t wait_seconds = 0;  // at least 1
  std::string reason;
};

// Whether a push of `amount` to the phone whose `recent` payments (any state, as the books list
// them for that phone) are given may go now; the block that ends last otherwise. A clock that
// went backwards never makes a wait longer than the rule's own length.
std::optional<PushBlock> phone_push_block(const std::vector<storage::Payment>& recent, Kes amount,
                                          WallTime now);

// Pushes per device (MAC) and per address (IP) in a minute, on the monotonic clock. Thread-safe.
class PushRateLimiter {
 public:
  struct Options {
    int per_mac_per_minute = 3;
    int per_ip_per_minute = 5;
    std::size_t max_keys = 10'000;
  };
  // `clock` must outlive the limiter.
  PushRateLimiter(const Clock& clock, Options options);

  // Whole seconds before this device may push again; 0 when it may push now. Either key may be
  // empty (unknown), and is then not counted.
  std::int64_t wait_seconds(std::string_view mac, std::string_view ip);
  // Counts a push that was sent.
  void record_push(std::string_view mac, std::string_view ip);

 private:
  AttemptLimiter by_mac_;
  AttemptLimiter by_ip_;
};

}  // namespace hotspot::payments::daraja
