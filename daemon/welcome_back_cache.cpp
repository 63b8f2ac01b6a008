#include "daemon/welcome_back_cache.h"

namespace hotspot::daemon {

NoWelcomeBackCache::Shard& NoWelcomeBackCache::shard_of(std::string_view mac) {
  return shards_[StringHash{}(mac) % shards_.size()];
}

bool NoWelcomeBackCache::holds(std::string_view mac, std::uint64_t commits, MonoTime now) {
  Shard& shard = shard_of(mac);
  std::lock_guard lock(shard.mu);
  const auto found = shard.entries.find(mac);
  if (found == shard.entries.end()) return false;
  const Entry& entry = found->second;
  const bool fresh = now >= entry.read_at && now - entry.read_at < options_.keep_for;
  return entry.commits == commits && fresh;
}

void NoWelcomeBackCache::remember(std::string_view mac, std::uint64_t commits, MonoTime now) {
  Shard& shard = shard_of(mac);
  std::lock_guard lock(shard.mu);
  // Full: start over rather than track age (a phone left out is read from the books once more).
  if (shard.entries.size() >= options_.entries_per_shard) shard.entries.clear();
  shard.entries.insert_or_assign(std::string(mac), Entry{commits, now});
}

}  // namespace hotspot::daemon
