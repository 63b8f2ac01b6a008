#pragma once
// Rows of a print reply into typed records, pure. A router's reply is input like any other: a
// malformed .id, a counter that is not a number or a duration that does not parse gives a
// protocol error naming the menu, the field and the value, never a guess or a crash. A field
// the router left out reads as its default (a listed but absent property is simply missing,
// routeros.md §1.8), except .id and name, without which a row means nothing.

#include <string_view>

#include "routeros/client/response.h"
#include "routeros/hotspot/types.h"

namespace hotspot::routeros {

RouterResult<HotspotUser> parse_user_row(const Row& row);
RouterResult<HotspotProfile> parse_profile_row(const Row& row);
RouterResult<ActiveSession> parse_active_row(const Row& row);
RouterResult<HotspotHost> parse_host_row(const Row& row);
RouterResult<WalledGardenEntry> parse_garden_row(const Row& row, GardenLevel level);
RouterResult<SystemResource> parse_resource_row(const Row& row);
// `appliance_now` is the appliance's wall clock when the reply arrived.
RouterResult<RouterClock> parse_clock_row(const Row& row, WallTime appliance_now);
RouterResult<Routerboard> parse_routerboard_row(const Row& row);
RouterResult<Licence> parse_licence_row(const Row& row);

}  // namespace hotspot::routeros
