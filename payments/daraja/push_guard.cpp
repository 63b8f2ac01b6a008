#include "payments/daraja/push_guard.h"

#include <algorithm>

namespace hotspot::payments::daraja {

namespace {

using storage::PaymentState;

// Seconds left of a `rule`-long block that started at `since`; 0 when it is over.
std::int64_t remaining(long long since, Seconds rule, long long now) {
  const long long elapsed = std::max(0LL, now - since);  // a clock gone back counts as 0
  return std::max(0LL, rule.count() - elapsed);
}

std::optional<PushBlock> block_of(const storage::Payment& p, Kes amount, long long now) {
  std::int64_t wait = 0;
  std::string reason;
  if (p.state == PaymentState::initiated || p.state == PaymentState::pending) {
    wait = remaining(p.created_at, kOpenPushBlock, now);
    reason = "a payment prompt is already open on this phone";
  } else if (p.state == PaymentState::unknown) {
    wait = remaining(p.updated_at, kLostPushBlock, now);
    reason = "an earlier push to this phone went unanswered";
  }
  // Daraja's rule counts pushes it accepted: not one it refused or never received (no
  // CheckoutRequestID), nor one it answered with the rule itself (ResultCode 17).
  const bool daraja_counts_it = p.checkout_request_id.has_value() && p.result_code != "17";
  if (wait == 0 && p.amount_kes == amount.shillings && p.state != PaymentState::paid &&
      daraja_counts_it) {
    wait = remaining(p.created_at, kSameAmountBlock, now);
    reason = "M-PESA refuses the same amount to the same phone within two minutes";
  }
  if (wait == 0) return std::nullopt;
  return PushBlock{p.id, wait, std::move(reason)};
}

}  // namespace

std::optional<PushBlock> phone_push_block(const std::vector<storage::Payment>& recent, Kes amount,
                                          WallTime now) {
  std::optional<PushBlock> longest;
  for (const auto& p : recent) {
    auto b = block_of(p, amount, to_unix_seconds(now));
    if (b && (!longest || b->wait_seconds > longest->wait_seconds)) longest = std::move(b);
  }
  return longest;
}

namespace {

AttemptLimiter::Options per_minute(int pushes, std::size_t max_keys) {
  AttemptLimiter::Options o;
  o.max_failures = pushes;
  o.window = Seconds(60);
  o.lockout = Seconds(60);
  o.max_keys = max_keys;
  return o;
}

}  // namespace

PushRateLimiter::PushRateLimiter(const Clock& clock, Options options)
    : by_mac_(clock, per_minute(options.per_mac_per_minute, options.max_keys)),
      by_ip_(clock, per_minute(options.per_ip_per_minute, options.max_keys)) {}

std::int64_t PushRateLimiter::wait_seconds(std::string_view mac, std::string_view ip) {
  std::int64_t wait = 0;
  if (!mac.empty()) wait = by_mac_.wait_seconds(mac);
  if (!ip.empty()) wait = std::max(wait, by_ip_.wait_seconds(ip));
  return wait;
}

void PushRateLimiter::record_push(std::string_view mac, std::string_view ip) {
  // A push counts as an "attempt" in the limiter's terms: it is the thing being rationed.
  if (!mac.empty()) by_mac_.record_failure(mac);
  if (!ip.empty()) by_ip_.record_failure(ip);
}

}  // namespace hotspot::payments::daraja
