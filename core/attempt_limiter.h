#pragma once
// Brute-force protection on voucher codes: a guesser on the hotspot LAN gets a handful of tries,
// then waits. Keys are whatever identifies the guesser to the portal (a MAC address, an IP
// address).

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/duration.h"

namespace hotspot {

// Counts failed attempts per key (a MAC address, an IP address) on the monotonic clock. After
// `max_failures` failures within `window`, the key must wait until `lockout` has passed since its
// last failure. Thread-safe (the portal's HTTP workers share one). Memory is bounded: past
// `max_keys` keys, the ones idle longest are forgotten.
class AttemptLimiter {
 public:
  struct Options {
    int max_failures = 5;
    Seconds window{60};
    Seconds lockout{60};
    std::size_t max_keys = 10'000;
  };
  // Options below their least sensible value (max_failures or max_keys under 1, a negative
  // window or lockout) are raised to it. `clock` must outlive the limiter.
  AttemptLimiter(const Clock& clock, Options options);

  AttemptLimiter(const AttemptLimiter&) = delete;
  AttemptLimiter& operator=(const AttemptLimiter&) = delete;

  // Whole seconds (rounded up) before `key` may try again; 0 when it may try now.
  std::int64_t wait_seconds(std::string_view key);
  void record_failure(std::string_view key);
  void record_success(std::string_view key);  // forgets the key's failures

  // How many keys are remembered now.
  std::size_t key_count() const;

 private:
  struct Entry {
    std::string key;
    std::vector<MonoTime> failures;  // the latest, oldest first, at most max_failures
    MonoTime locked_until{};
  };
  using Lru = std::list<Entry>;  // most recent failure first

  const Clock& clock_;
  const Options options_;
  mutable std::mutex mu_;
  Lru lru_;
  // Views into the keys held by lru_'s entries, which list nodes never move.
  std::unordered_map<std::string_view, Lru::iterator> index_;
};

}  // namespace hotspot
