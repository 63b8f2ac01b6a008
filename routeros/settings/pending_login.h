#pragma once
// A router login the books move to once the router accepts it. The dashboard's setup script
// creates the API user hotspot-edge; until the provider has imported it, the router refuses
// that login, so the appliance keeps the login in force and tries the pending one now and then
// (daemon/router_service.cpp), switching in one transaction when it works. A download "just to
// look", or an import that fails, never cuts the site off its router.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "routeros/settings/router_settings.h"
#include "storage/settings.h"
#include "storage/store.h"

namespace hotspot::routeros {

struct PendingRouterLogin {
  RouterSettings settings;  // plain API: the script cannot pin a certificate it makes itself
  std::string password;
  long long since = 0;  // unix seconds, when it was saved
};

// Replaces any pending login. Checked like save_router_settings; TLS is refused.
Status save_pending_router_login(storage::Store& store, const RouterSettings& settings,
                                 std::string_view password, std::string_view actor);
Result<std::optional<PendingRouterLogin>> load_pending_router_login(storage::Store& store);
// The change that makes `pending` the login in force and forgets it as pending.
storage::SettingsChange promote_pending_login_change(const PendingRouterLogin& pending);
// The change that forgets the pending login.
storage::SettingsChange forget_pending_login_change();

}  // namespace hotspot::routeros
