#include "daemon/live_sessions.h"

namespace hotspot::daemon {

void LiveSessions::replace(List sessions) {
  auto fresh = std::make_shared<const List>(std::move(sessions));
  std::lock_guard lock(mu_);
  sessions_ = std::move(fresh);
}

void LiveSessions::note_login(const std::string& user, const std::string& mac,
                              const std::string& ip) {
  std::lock_guard lock(mu_);
  List next;
  next.reserve(sessions_->size() + 1);
  for (const auto& s : *sessions_) {
    if (s.mac_address != mac) next.push_back(s);
  }
  routeros::ActiveSession session;
  session.user = user;
  session.mac_address = mac;
  session.address = ip;
  next.push_back(std::move(session));
  sessions_ = std::make_shared<const List>(std::move(next));
}

void LiveSessions::forget(const std::string& mac) {
  std::lock_guard lock(mu_);
  List next;
  for (const auto& s : *sessions_) {
    if (s.mac_address != mac) next.push_back(s);
  }
  sessions_ = std::make_shared<const List>(std::move(next));
}

std::shared_ptr<const LiveSessions::List> LiveSessions::snapshot() const {
  std::lock_guard lock(mu_);
  return sessions_;
}

std::optional<routeros::ActiveSession> LiveSessions::by_ip(std::string_view ip) const {
  auto list = snapshot();
  for (const auto& s : *list) {
    if (s.address == ip) return s;
  }
  return std::nullopt;
}

std::optional<routeros::ActiveSession> LiveSessions::by_mac(std::string_view mac) const {
  auto list = snapshot();
  for (const auto& s : *list) {
    if (s.mac_address == mac) return s;
  }
  return std::nullopt;
}

std::vector<routeros::ActiveSession> LiveSessions::of_user(std::string_view user) const {
  auto list = snapshot();
  std::vector<routeros::ActiveSession> out;
  for (const auto& s : *list) {
    if (s.user == user) out.push_back(s);
  }
  return out;
}

}  // namespace hotspot::daemon
