#include "core/attempt_limiter.h"

#include <algorithm>

namespace hotspot {
namespace {

AttemptLimiter::Options sane(AttemptLimiter::Options options) {
  options.max_failures = std::max(options.max_failures, 1);
  options.window = std::max(options.window, Seconds(0));
  options.lockout = std::max(options.lockout, Seconds(0));
  options.max_keys = std::max<std::size_t>(options.max_keys, 1);
  return options;
}

}  // namespace

AttemptLimiter::AttemptLimiter(const Clock& clock, Options options)
    : clock_(clock), options_(sane(options)) {}

std::int64_t AttemptLimiter::wait_seconds(std::string_view key) {
  MonoTime now = clock_.monotonic_now();
  std::lock_guard lock(mu_);
  auto found = index_.find(key);
  if (found == index_.end()) return 0;
  MonoTime locked_until = found->second->locked_until;
  if (now >= locked_until) return 0;
  return std::chrono::ceil<Seconds>(locked_until - now).count();
}

void AttemptLimiter::record_failure(std::string_view key) {
  MonoTime now = clock_.monotonic_now();
  std::lock_guard lock(mu_);
  auto found = index_.find(key);
  if (found != index_.end()) {
    lru_.splice(lru_.begin(), lru_, found->second);  // now the most recently active
  } else {
    if (index_.size() >= options_.max_keys) {
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
    lru_.push_front(Entry{std::string(key), {}, {}});
    index_.emplace(lru_.front().key, lru_.begin());
  }

  Entry& entry = lru_.front();
  // A failure exactly `window` old no longer counts.
  auto in_window = [&](MonoTime t) { return now - t < options_.window; };
  std::erase_if(entry.failures, [&](MonoTime t) { return !in_window(t); });
  entry.failures.push_back(now);
  auto max = static_cast<std::size_t>(options_.max_failures);
  if (entry.failures.size() > max) entry.failures.erase(entry.failures.begin());
  if (entry.failures.size() >= max) entry.locked_until = now + options_.lockout;
}

void AttemptLimiter::record_success(std::string_view key) {
  std::lock_guard lock(mu_);
  auto found = index_.find(key);
  if (found == index_.end()) return;
  Lru::iterator entry = found->second;
  index_.erase(found);  // before the key it views is freed
  lru_.erase(entry);
}

std::size_t AttemptLimiter::key_count() const {
  std::lock_guard lock(mu_);
  return index_.size();
}

}  // namespace hotspot
