#include "routeros/reconcile/desired.h"

#include <algorithm>
#include <map>

namespace hotspot::routeros {

DesiredState desired_router_state(const std::vector<Plan>& plans,
                                  const std::vector<Ticket>& active_tickets) {
  DesiredState desired;
  std::map<std::int64_t, const Plan*> by_id;
  for (const Plan& plan : plans) {
    by_id.emplace(plan.id, &plan);
    // A disabled plan keeps its profile while tickets of it are still active.
    const bool in_use = std::any_of(active_tickets.begin(), active_tickets.end(),
                                    [&](const Ticket& t) { return t.plan_id == plan.id; });
    if (!plan.enabled && !in_use) continue;
    desired.profiles.push_back({"", plan_profile_name(plan.id), routeros_rate_limit(plan),
                                plan.shared_devices, ""});
  }
  for (const Ticket& ticket : active_tickets) {
    auto it = by_id.find(ticket.plan_id);
    if (it == by_id.end()) continue;
    const Plan& plan = *it->second;
    UserRecord user;
    user.name = ticket.code;
    user.password = ticket.code;
    user.profile = plan_profile_name(plan.id);
    user.comment = owner_comment("ticket=" + std::to_string(ticket.id));
    // The whole allowance, not what is left: the router counts the user's uptime and bytes
    // itself from the moment the user is added (at first login), so its counters and ours agree,
    // and a limit that shrank with every poll would have every reconciliation rewrite every
    // online user. The appliance ends tickets on what is left; these limits only hold the line
    // while it is down.
    if (plan.time_allowance) user.limit_uptime_s = plan.time_allowance->count();
    if (plan.data_allowance_bytes) user.limit_bytes_total = *plan.data_allowance_bytes;
    desired.users.push_back(std::move(user));
  }
  return desired;
}

}  // namespace hotspot::routeros
