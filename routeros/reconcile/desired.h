#pragma once
// What the books want on the router, as reconciliation compares it: one user profile per plan
// on sale, one hotspot user per active ticket. Pure.

#include <vector>

#include "core/plan.h"
#include "core/ticket.h"
#include "routeros/reconcile/diff.h"

namespace hotspot::routeros {

// Users are named by their ticket code, with the code as password (the customer holds it);
// limits are the plan's allowances, counted by the router from the user's first login, as a
// safety net should the appliance be down when a ticket runs out. Tickets of unknown plans are
// skipped.
DesiredState desired_router_state(const std::vector<Plan>& plans,
                                  const std::vector<Ticket>& active_tickets);

}  // namespace hotspot::routeros
