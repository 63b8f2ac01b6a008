#pragma once
// The router's live hotspot sessions as the last poll saw them (and logins made since), shared
// between the event loop, which refreshes them, and the portal's workers, which ask "is this
// phone online, and on which ticket" without a round trip to the router.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routeros/hotspot/types.h"

namespace hotspot::daemon {

class LiveSessions {
 public:
  using List = std::vector<routeros::ActiveSession>;

  // Thread-safe, as every method.
  void replace(List sessions);
  // A login made by the appliance, known before the next poll sees it.
  void note_login(const std::string& user, const std::string& mac, const std::string& ip);
  // A session the appliance ended, gone before the next poll confirms it.
  void forget(const std::string& mac);
  std::optional<routeros::ActiveSession> by_ip(std::string_view ip) const;
  std::optional<routeros::ActiveSession> by_mac(std::string_view mac) const;
  std::vector<routeros::ActiveSession> of_user(std::string_view user) const;
  std::shared_ptr<const List> snapshot() const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const List> sessions_ = std::make_shared<const List>();
};

}  // namespace hotspot::daemon
