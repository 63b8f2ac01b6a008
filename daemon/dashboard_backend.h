#pragma once
// The dashboard's backend over the books: accounts, the router's recorded health, and the
// router's setup script with the API user's password, which the appliance then logs in with.

#include <functional>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "portal/dashboard/backend.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct DashboardBackendOptions {
  int portal_port = 80;  // where the router's login page sends customers
};

class ApplianceDashboardBackend final : public dashboard::DashboardBackend {
 public:
  // `router_login_changed` runs on the HTTP thread once the books hold the script's API user;
  // it must not wait for the daemon's loop (the daemon posts its reconnection there).
  ApplianceDashboardBackend(storage::Store& store, DashboardBackendOptions options,
                            std::function<void()> router_login_changed);

  Result<std::optional<dashboard::Role>> sign_in(std::string_view username,
                                                 std::string_view password) override;
  Result<std::optional<dashboard::Role>> current_role(std::string_view username) override;
  dashboard::RouterHealthView router_health() override;
  dashboard::ProvisionDefaults provision_defaults(std::string_view dashboard_address) override;
  Result<dashboard::Download> provisioning_script(const dashboard::ProvisionForm& form,
                                                  std::string_view actor) override;
  Result<dashboard::Download> router_login_page(const dashboard::ProvisionForm& form) override;

 private:
  storage::Store& store_;
  const DashboardBackendOptions options_;
  std::function<void()> router_login_changed_;
  // Two downloads at once must not both make a password and both switch the books.
  std::mutex script_mu_;
};

}  // namespace hotspot::daemon
