#include "daemon/usage_poll_plan.h"

#include <set>

namespace hotspot::daemon {

// UsagePolls::apply closes the ended sessions before it opens or refreshes the live ones, so a
// reused router id closes the old row and opens a new one.
storage::UsagePoll plan_usage_poll(const std::vector<routeros::ActiveSession>& live,
                                   const std::vector<storage::Session>& open_in_books,
                                   const std::map<std::string, std::int64_t>& ticket_by_code) {
  storage::UsagePoll poll;
  std::map<std::string, const storage::Session*> open_by_id;
  for (const auto& open : open_in_books) {
    if (open.router_session_id) open_by_id.emplace(*open.router_session_id, &open);
  }
  std::set<std::string> seen_ids;
  for (const auto& s : live) {
    auto ticket = ticket_by_code.find(s.user);
    if (ticket == ticket_by_code.end() || s.id.empty()) continue;
    // A router numbers sessions afresh after a reboot: the same id on another ticket or device,
    // or with its uptime gone backwards, is a new session, and the old one ended.
    auto known = open_by_id.find(s.id);
    if (known != open_by_id.end() &&
        (known->second->ticket_id != ticket->second || known->second->mac != s.mac_address ||
         known->second->uptime_s > s.uptime.count())) {
      poll.ended.push_back({known->second->id, "ended on the router"});
      open_by_id.erase(known);
    } else {
      seen_ids.insert(s.id);
    }
    poll.live.push_back({ticket->second, s.mac_address, s.address, s.id,
                         static_cast<std::int64_t>(s.uptime.count()),
                         static_cast<std::int64_t>(s.bytes_in),
                         static_cast<std::int64_t>(s.bytes_out)});
  }
  for (const auto& [id, open] : open_by_id) {
    if (!seen_ids.contains(id)) poll.ended.push_back({open->id, "ended on the router"});
  }
  return poll;
}

}  // namespace hotspot::daemon
