#include "routeros/provision/uploads.h"

#include "routeros/provision/login_page.h"
#include "routeros/provision/rsc.h"
#include "routeros/provision/script.h"

namespace hotspot::routeros {

std::string login_page_path(const ProvisioningRequest& request) {
  return hotspot_html_directory(request) + "/login.html";
}

Result<ProvisioningFiles> provisioning_files(const ProvisioningRequest& request) {
  auto script = generate_provisioning_script(request, Secrets::include);
  if (!script) return script.error();
  // The script goes where files survive a reboot; it is removed right after the import anyway.
  const std::string script_path =
      request.router_has_flash ? "flash/" + std::string(kScriptFileName) : std::string(kScriptFileName);
  ProvisioningFiles files;
  files.script = RouterFile{script_path, std::move(*script), true};
  files.login_page = RouterFile{login_page_path(request), render_login_page(request), false};
  files.import_command = "/import file-name=" + rsc_value(script_path) + " verbose=yes";
  files.cleanup_command = "/file remove [find where " + rsc_eq("name", script_path) + "]";
  return files;
}

}  // namespace hotspot::routeros
