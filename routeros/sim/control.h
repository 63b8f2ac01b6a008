#pragma once
// Control commands over the API itself, for clients that cannot reach the C++ objects (the
// demo, tests of other processes). Only served when the server enables them:
//   /sim/fault   =delay=<ms> =trap-all=<message, empty to stop> =next=drop|fatal|garbage|none
//                =clear=
//   /sim/advance =seconds=<n>                  moves the router's clock
//   /sim/rate    [=.id=*N] =in=<B/s> =out=<B/s> traffic of one session, or the default
//   /sim/host    =mac-address=<mac> =address=<ip>  a device seen on the hotspot LAN

#include <optional>

#include "routeros/sim/faults.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {

bool is_control_command(const Command& command);
// The replies to a control command (untagged).
Replies handle_control(const Command& command, RouterState& state, Faults& faults);

}  // namespace hotspot::routeros::sim
