#pragma once
// What provisioning takes from the books, the same whether hotspotctl runs it over SSH or the
// provider downloads the script from the dashboard.

#include <string_view>
#include <vector>

#include "core/result.h"
#include "routeros/provision/request.h"
#include "storage/store.h"

namespace hotspot::routeros {

// The router user the appliance logs in as once provisioned, with only the policies it needs.
inline constexpr std::string_view kProvisionedApiUser = "hotspot-edge";
inline constexpr std::string_view kDefaultNtpServer = "pool.ntp.org";

// One hotspot user profile per plan on sale, named and tagged as the appliance's.
Result<std::vector<PlanProfile>> plan_profiles_from_books(storage::Store& store);

}  // namespace hotspot::routeros
