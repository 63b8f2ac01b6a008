#include "daemon/live_sessions.h"

namespace hotspot::daemon {

void LiveSessions::replace(List sessions) {
  auto fresh = std::make_shared<Snapshot>();
  fresh->sessions = std::move(sessions);
  for (std::size_t i = 0; i < fresh->sessions.size(); ++i) {
    const auto& s = fresh->sessions[i];
    fresh->by_ip.emplace(s.address, i);
    fresh->by_mac.emplace(s.mac_address, i);
    fresh->by_user.emplace(s.user, i);
  }
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  snapshot_ = std::move(fresh);
  std::vector<std::string> settled;
  for (const auto& [mac, noted] : noted_) {
    if (snapshot_->by_mac.contains(mac) || now - noted.at > kNotedFor) settled.push_back(mac);
  }
  for (const auto& mac : settled) drop_noted(mac);
  std::erase_if(forgotten_, [&](const auto& entry) { return now - entry.second > kNotedFor; });
}

void LiveSessions::drop_noted(const std::string& mac) {
  auto it = noted_.find(mac);
  if (it == noted_.end()) return;
  const auto& session = it->second.session;
  if (auto ip = noted_by_ip_.find(session.address); ip != noted_by_ip_.end() && ip->second == mac) {
    noted_by_ip_.erase(ip);
  }
  auto [first, last] = noted_by_user_.equal_range(session.user);
  for (auto u = first; u != last; ++u) {
    if (u->second == mac) {
      noted_by_user_.erase(u);
      break;
    }
  }
  noted_.erase(it);
}

void LiveSessions::note_login(const std::string& user, const std::string& mac,
                              const std::string& ip) {
  routeros::ActiveSession session;
  session.user = user;
  session.mac_address = mac;
  session.address = ip;
  std::lock_guard lock(mu_);
  forgotten_.erase(mac);
  drop_noted(mac);
  noted_by_ip_[ip] = mac;
  noted_by_user_.emplace(user, mac);
  noted_[mac] = Noted{std::move(session), Clock::now()};
}

void LiveSessions::forget(const std::string& mac) {
  std::lock_guard lock(mu_);
  drop_noted(mac);
  forgotten_[mac] = Clock::now();
}

std::optional<routeros::ActiveSession> LiveSessions::by_ip(std::string_view ip) const {
  std::lock_guard lock(mu_);
  if (auto noted = noted_by_ip_.find(std::string(ip)); noted != noted_by_ip_.end()) {
    return noted_.at(noted->second).session;
  }
  auto it = snapshot_->by_ip.find(std::string(ip));
  if (it == snapshot_->by_ip.end()) return std::nullopt;
  const auto& s = snapshot_->sessions[it->second];
  if (forgotten_.contains(s.mac_address)) return std::nullopt;
  return s;
}

std::optional<routeros::ActiveSession> LiveSessions::by_mac(std::string_view mac) const {
  const std::string key(mac);
  std::lock_guard lock(mu_);
  if (auto noted = noted_.find(key); noted != noted_.end()) return noted->second.session;
  if (forgotten_.contains(key)) return std::nullopt;
  auto it = snapshot_->by_mac.find(key);
  if (it == snapshot_->by_mac.end()) return std::nullopt;
  return snapshot_->sessions[it->second];
}

std::vector<routeros::ActiveSession> LiveSessions::of_user(std::string_view user) const {
  std::vector<routeros::ActiveSession> out;
  std::lock_guard lock(mu_);
  auto [first, last] = snapshot_->by_user.equal_range(std::string(user));
  for (auto it = first; it != last; ++it) {
    const auto& s = snapshot_->sessions[it->second];
    if (!forgotten_.contains(s.mac_address) && !noted_.contains(s.mac_address)) out.push_back(s);
  }
  auto [noted_first, noted_last] = noted_by_user_.equal_range(std::string(user));
  for (auto it = noted_first; it != noted_last; ++it) out.push_back(noted_.at(it->second).session);
  return out;
}

}  // namespace hotspot::daemon
