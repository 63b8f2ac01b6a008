#pragma once
// When a ticket ends. Pure: the sweep takes the time, the plans and the tickets and says which
// tickets end and why; the caller applies the transitions, writes the audit log and tells the
// router. Wall time is not trusted blindly (a board without a real-time clock boots in 1970, NTP
// can step the clock either way), so the caller says whether it trusts the time it passes in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/duration.h"
#include "core/plan.h"
#include "core/ticket.h"

namespace hotspot {

// What the appliance knows of the time. `trusted` is false while the wall clock may be wrong
// (a board without a real-time clock before NTP sync, a clock behind the newest time the books
// hold): then nothing ends on wall-clock grounds; counted use (connected time, bytes) still ends.
struct SweepTime {
  WallTime now{};
  bool trusted = true;
};

// What a ticket has left. nullopt: the plan has no such allowance.
struct Allowance {
  std::optional<Seconds> time_left;         // never negative; 0 when used up
  std::optional<std::uint64_t> bytes_left;  // 0 when used up
  std::optional<WallTime> ends_at;  // wall-clock plans once started: first login + allowance
};

// Wall-clock plans: the time allowance runs from first_login_at whether online or not; an issued
// (never used) ticket has the whole allowance. If `now` is before first_login_at (the clock went
// back) the ticket has its whole allowance, never more. When !trusted, time_left for wall-clock
// plans is computed as if now == max(first_login_at, now) but see expiry_sweep for ending.
// Connected-time plans: allowance minus ticket.used_seconds. Data: allowance minus used_bytes.
// A part second left counts as a whole one, so time_left is 0 exactly when the time is up.
Allowance remaining_allowance(const Plan& plan, const Ticket& ticket, SweepTime time);

struct TicketEnding {
  std::int64_t ticket_id = 0;
  TicketEvent event = TicketEvent::expire;  // expire (time) or exhaust (data)
  // One line for the audit log: "time allowance used", "data allowance used",
  // "valid for 1h from first login".
  std::string reason;
};

// Each ACTIVE ticket in `tickets` that must end at `time`, in the order given. Tickets that are
// not active, or whose plan is not in `plans`, are skipped. Data used up -> exhaust (even when the
// clock is untrusted); connected time used up -> expire; wall-clock allowance passed -> expire only
// when time.trusted. When both apply, exhaust wins.
std::vector<TicketEnding> expiry_sweep(const std::vector<Plan>& plans,
                                       const std::vector<Ticket>& tickets, SweepTime time);

}  // namespace hotspot
