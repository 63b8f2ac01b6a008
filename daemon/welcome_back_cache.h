#pragma once
// Phones (by MAC) for which the books hold no ticket to log in again, so that a phone reloading
// the landing page (captive-portal checks do, every few seconds) costs no read of the books: on
// a two-core box, that read was a third of the landing page's cost. An entry holds while this
// process has committed nothing since the read it records, and for a few seconds at most
// (hotspotctl may write to the books from another process). Thread-safe; shards keep the
// portal's event loops from queueing on one lock.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/string_hash.h"

namespace hotspot::daemon {

class NoWelcomeBackCache {
 public:
  struct Options {
    std::size_t entries_per_shard = 512;  // 16 shards: 8,192 phones
    std::chrono::seconds keep_for{5};
  };

  NoWelcomeBackCache() : NoWelcomeBackCache(Options{}) {}
  explicit NoWelcomeBackCache(Options options) : options_(options) {}

  // True when `mac` was found to have nothing to welcome back at `commits`, and the books
  // have not changed since (`commits` is still the count) nor has the entry aged out.
  bool holds(std::string_view mac, std::uint64_t commits, MonoTime now);
  // `commits` is the count read before the read of the books that found nothing.
  void remember(std::string_view mac, std::uint64_t commits, MonoTime now);

 private:
  struct Entry {
    std::uint64_t commits = 0;
    MonoTime read_at{};
  };
  struct Shard {
    std::mutex mu;
    StringMap<Entry> entries;  // looked up by a MAC's string_view, not a copy
  };

  Shard& shard_of(std::string_view mac);

  const Options options_;
  std::array<Shard, 16> shards_;
};

}  // namespace hotspot::daemon
