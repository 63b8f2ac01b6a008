#pragma once
// The files provisioning puts on the router, where they go, and the commands around them.
// Order: upload the script and run its /import first (it creates the hotspot, and with it the
// html directory), then upload login.html over the default one, then remove the script, which
// holds the API password.

#include <string>
#include <vector>

#include "core/result.h"
#include "routeros/provision/request.h"

namespace hotspot::routeros {

struct RouterFile {
  std::string path;     // on the router, relative to its file root: "flash/hotspot/login.html"
  std::string content;
  bool secret = false;  // holds a password: never logged, removed after use
};

// Never "*.auto.rsc": RouterOS would run such a file as soon as it is uploaded (reference §4.3).
inline constexpr std::string_view kScriptFileName = "hotspot-edge-provision.rsc";

struct ProvisioningFiles {
  RouterFile script;
  RouterFile login_page;
  std::string import_command;   // /import file-name=... verbose=yes
  std::string cleanup_command;  // /file remove [find where name="..."]
};

// Validates the request; the script is the full one (with the password).
Result<ProvisioningFiles> provisioning_files(const ProvisioningRequest& request);

// Where login.html goes: "hotspot/login.html", or "flash/hotspot/login.html" on a board with
// a flash directory (request.router_has_flash).
std::string login_page_path(const ProvisioningRequest& request);

}  // namespace hotspot::routeros
