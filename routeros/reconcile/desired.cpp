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
    if (plan.time_allowance) {
      user.limit_uptime_s = std::max<std::int64_t>(1, plan.time_allowance->count() - ticket.used_seconds);
    }
    if (plan.data_allowance_bytes) {
      const auto allowance = *plan.data_allowance_bytes;
      user.limit_bytes_total = ticket.used_bytes >= allowance ? 1 : allowance - ticket.used_bytes;
    }
    desired.users.push_back(std::move(user));
  }
  return desired;
}

}  // namespace hotspot::routeros
