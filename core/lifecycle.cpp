#include "core/lifecycle.h"

#include <algorithm>
#include <unordered_map>

namespace hotspot {
namespace {

// Wall-clock plans count from the first login, online or not. A clock that went back must not
// give more than the whole allowance, so time before the first login counts as none.
void wall_clock_left(Seconds allowance, const Ticket& ticket, WallTime now, Allowance& out) {
  if (!ticket.first_login_at) {
    out.time_left = allowance;
    return;
  }
  WallTime ends_at = *ticket.first_login_at + allowance;
  WallTime effective_now = std::max(*ticket.first_login_at, now);
  // Rounded up: a ticket with half a second left has not ended, and shows one second.
  out.time_left = std::max(Seconds(0), std::chrono::ceil<Seconds>(ends_at - effective_now));
  out.ends_at = ends_at;
}

// A negative count in the books would otherwise add time; treat it as nothing used.
Seconds connected_time_left(Seconds allowance, std::int64_t used_seconds) {
  Seconds used(std::max<std::int64_t>(used_seconds, 0));
  return used >= allowance ? Seconds(0) : allowance - used;
}

// Why a ticket ends, or nullopt while it still has what it paid for.
std::optional<TicketEnding> ending_for(const Plan& plan, const Ticket& ticket, SweepTime time) {
  Allowance left = remaining_allowance(plan, ticket, time);
  if (left.bytes_left && *left.bytes_left == 0) {
    return TicketEnding{ticket.id, TicketEvent::exhaust, "data allowance used"};
  }
  if (!left.time_left || *left.time_left > Seconds(0)) return std::nullopt;
  if (plan.validity == ValidityMode::connected_time) {
    return TicketEnding{ticket.id, TicketEvent::expire, "time allowance used"};
  }
  // A wall clock that may be wrong (1970 at boot, or stepped forward by a bad NTP answer) must
  // not end tickets people paid for; they end on the next sweep once the time is trusted.
  if (!time.trusted || !left.ends_at) return std::nullopt;
  return TicketEnding{
      ticket.id, TicketEvent::expire,
      "valid for " + format_routeros_duration(*plan.time_allowance) + " from first login"};
}

}  // namespace

Allowance remaining_allowance(const Plan& plan, const Ticket& ticket, SweepTime time) {
  Allowance out;
  if (plan.time_allowance) {
    if (plan.validity == ValidityMode::wall_clock) {
      wall_clock_left(*plan.time_allowance, ticket, time.now, out);
    } else {
      out.time_left = connected_time_left(*plan.time_allowance, ticket.used_seconds);
    }
  }
  if (plan.data_allowance_bytes) {
    std::uint64_t allowance = *plan.data_allowance_bytes;
    out.bytes_left = ticket.used_bytes >= allowance ? 0 : allowance - ticket.used_bytes;
  }
  return out;
}

std::vector<TicketEnding> expiry_sweep(const std::vector<Plan>& plans,
                                       const std::vector<Ticket>& tickets, SweepTime time) {
  std::unordered_map<std::int64_t, const Plan*> plan_by_id;
  for (const Plan& plan : plans) plan_by_id.emplace(plan.id, &plan);

  std::vector<TicketEnding> endings;
  for (const Ticket& ticket : tickets) {
    if (ticket.state != TicketState::active) continue;
    auto plan = plan_by_id.find(ticket.plan_id);
    if (plan == plan_by_id.end()) continue;
    if (auto ending = ending_for(*plan->second, ticket, time)) endings.push_back(*ending);
  }
  return endings;
}

}  // namespace hotspot
