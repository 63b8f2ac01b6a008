#pragma once
// The router's live hotspot sessions as the last poll saw them (and logins made since), shared
// between the event loop, which refreshes them, and the portal's workers, which ask "is this
// phone online, and on which ticket" without a round trip to the router.
//
// A site may have thousands of phones online and the portal answers many of them at once, so
// lookups go through indexes, and a login noted between two polls is kept aside rather than
// copied into the poll's list.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "routeros/hotspot/types.h"

namespace hotspot::daemon {

class LiveSessions {
 public:
  using List = std::vector<routeros::ActiveSession>;
  using Clock = std::chrono::steady_clock;

  // Thread-safe, as every method.
  void replace(List sessions);
  // A login made by the appliance, known before the next poll sees it.
  void note_login(const std::string& user, const std::string& mac, const std::string& ip);
  // A session the appliance ended, gone before the next poll confirms it.
  void forget(const std::string& mac);
  std::optional<routeros::ActiveSession> by_ip(std::string_view ip) const;
  std::optional<routeros::ActiveSession> by_mac(std::string_view mac) const;
  std::vector<routeros::ActiveSession> of_user(std::string_view user) const;

 private:
  struct Snapshot {
    List sessions;
    std::unordered_map<std::string, std::size_t> by_ip, by_mac;
    std::unordered_multimap<std::string, std::size_t> by_user;
  };
  struct Noted {
    routeros::ActiveSession session;
    Clock::time_point at;
  };
  // A login younger than this survives a poll that does not list it yet (the poll's request
  // may have left before the login).
  static constexpr std::chrono::seconds kNotedFor{30};

  // Under mu_.
  void drop_noted(const std::string& mac);

  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<const Snapshot>();
  std::unordered_map<std::string, Noted> noted_;  // by MAC: logins since the poll
  std::unordered_map<std::string, std::string> noted_by_ip_;         // IP -> MAC
  std::unordered_multimap<std::string, std::string> noted_by_user_;  // user -> MAC
  std::unordered_map<std::string, Clock::time_point> forgotten_;  // by MAC: ended since the poll
};

}  // namespace hotspot::daemon
