#pragma once
// Puts a phone online on a ticket: the plan's user profile and the ticket's hotspot user ensured
// on the router, then the phone logged in by the appliance with /ip/hotspot/active/login
// (routeros.md §3.6). Runs on the event loop, which owns the router session.

#include <functional>
#include <string>

#include "core/plan.h"
#include "core/ticket.h"
#include "routeros/client/session.h"
#include "routeros/hotspot/hotspot_router.h"

namespace hotspot::daemon {

enum class DeviceLoginOutcome {
  logged_in,        // the router has the phone online now
  already_online,   // the phone was online already
  login_refused,    // the user is ready, but the router refused the API login: use the form
  router_down,      // no session, or the router did not answer: nothing is known to have changed
};

struct DeviceLoginRequest {
  Plan plan;
  Ticket ticket;
  std::string mac;  // "AA:BB:CC:DD:EE:FF"
  std::string ip;
};

// `done` runs once on the loop. `why` says what the router answered when it is not logged_in.
void log_device_in(routeros::HotspotRouter router, DeviceLoginRequest request,
                   std::function<void(DeviceLoginOutcome, std::string why)> done);


}  // namespace hotspot::daemon
