#include "portal/dashboard/sessions.h"

#include <algorithm>
#include <vector>

namespace hotspot::dashboard {

SessionTable::SessionTable(const Clock& clock, std::unique_ptr<RandomSource> random,
                           Options options)
    : clock_(clock), random_(std::move(random)), options_(options) {}

std::string SessionTable::random_hex(std::size_t bytes) {
  std::vector<std::uint8_t> raw(bytes);
  random_->fill(raw);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (std::uint8_t b : raw) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

bool SessionTable::expired(const Entry& entry, MonoTime now) const {
  return now - entry.last_seen >= options_.idle_timeout || now - entry.opened >= options_.max_age;
}

void SessionTable::make_room(MonoTime now) {
  std::erase_if(sessions_, [&](const auto& item) { return expired(item.second, now); });
  while (sessions_.size() >= std::max<std::size_t>(options_.max_sessions, 1)) {
    auto idlest = std::min_element(
        sessions_.begin(), sessions_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    sessions_.erase(idlest);
  }
}

std::string SessionTable::open(std::string username, Role role) {
  const MonoTime now = clock_.monotonic_now();
  std::lock_guard lock(mu_);
  make_room(now);
  std::string token = random_hex(32);
  SignedInUser user{std::move(username), role, random_hex(32)};
  sessions_.emplace(token, Entry{std::move(user), now, now});
  return token;
}

std::optional<SignedInUser> SessionTable::find(std::string_view token) {
  const MonoTime now = clock_.monotonic_now();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(std::string(token));
  if (it == sessions_.end()) return std::nullopt;
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second.user;
}

void SessionTable::close(std::string_view token) {
  std::lock_guard lock(mu_);
  sessions_.erase(std::string(token));
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace hotspot::dashboard
