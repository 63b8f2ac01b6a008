#pragma once
// What the provider's dashboard needs from the rest of the appliance. The dashboard only speaks
// HTTP and renders pages; the daemon implements this over the books and the router
// (daemon/dashboard_backend.h). Every call comes from the dashboard's HTTP threads, so an
// implementation must be thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotspot::dashboard {

// Owners run the site; attendants sell at the counter and see its state.
enum class Role { owner, attendant };

// What the daemon last recorded of the router, as rows to show ("CPU load", "12 %"), newest
// reading first.
struct RouterHealthView {
  std::string state;         // "up", "down", "not configured", ... ; empty: never checked
  long long checked_at = 0;  // unix seconds; 0 when never checked
  std::vector<std::pair<std::string, std::string>> rows;
  std::string warning;  // licence nearly full, clock off, ...; empty when none
};

// The provisioning form, as the provider fills it in. Strings as typed: the backend validates
// them, and its errors name the field.
struct ProvisionForm {
  std::string router_version;     // "7.12.1"; "7" or "6.49" is enough
  std::string lan_interfaces;     // "ether2,ether3,wlan1"
  std::string wan_interface;      // optional
  std::string network;            // "10.5.50.0/24"
  std::string dns_name;           // the hotspot's login name on the router
  std::string appliance_address;  // this appliance as the router sees it
  std::string router_address;     // the router as this appliance reaches it; empty: the gateway
  std::string portal_port;        // "8080"
  bool router_has_flash = false;
};

struct ProvisionDefaults {
  ProvisionForm form;
  // How the appliance reaches the router now ("hotspot-edge@10.5.50.1:8728"), or empty.
  std::string router_login;
  // A login from an earlier download that the router has not accepted yet, or empty.
  std::string pending_login;
  // Why a script cannot be made here (the books use API-SSL with a pinned certificate), or
  // empty.
  std::string script_refused;
};

struct Download {
  std::string file_name;     // "hotspot-edge-provision.rsc"
  std::string content_type;  // "text/plain; charset=utf-8"
  std::string content;
};

class DashboardBackend {
 public:
  virtual ~DashboardBackend() = default;

  // The role of the enabled account the password matches; nullopt for a wrong username or
  // password. Slow on purpose (a memory-hard hash).
  virtual Result<std::optional<Role>> sign_in(std::string_view username,
                                              std::string_view password) = 0;
  // The role the account has now, or nullopt when it is gone or disabled: a session keeps no
  // more rights than its account.
  virtual Result<std::optional<Role>> current_role(std::string_view username) = 0;
  virtual RouterHealthView router_health() = 0;
  // The form filled with what the appliance knows; `dashboard_address` is the address the
  // provider reached the dashboard at, a fair guess at the appliance's address on that LAN.
  virtual ProvisionDefaults provision_defaults(std::string_view dashboard_address) = 0;
  // The RouterOS script for the form, with the API user's password in it. When the appliance
  // does not log in as that user yet, the books keep the login in force and hold the script's
  // as pending, to move to once the router accepts it (with no login in force, it is the login
  // at once). Errors name the form's field; nothing changes on error.
  virtual Result<Download> provisioning_script(const ProvisionForm& form,
                                               std::string_view actor) = 0;
  // The redirect login.html for the router's hotspot directory; no secret in it.
  virtual Result<Download> router_login_page(const ProvisionForm& form) = 0;
};

}  // namespace hotspot::dashboard
