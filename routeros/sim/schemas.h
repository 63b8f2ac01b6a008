#pragma once
// The fields of each menu the simulator keeps (routeros.md §2.1 to §2.6).

#include "routeros/sim/table.h"

namespace hotspot::routeros::sim {

Schema hotspot_user_schema();
Schema hotspot_user_profile_schema();
Schema hotspot_active_schema();
Schema hotspot_host_schema();
Schema hotspot_server_schema();
Schema walled_garden_schema();
Schema walled_garden_ip_schema();

}  // namespace hotspot::routeros::sim
