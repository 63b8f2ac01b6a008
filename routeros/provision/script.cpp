#include "routeros/provision/script.h"

#include "routeros/provision/rsc.h"
#include "routeros/provision/script_sections.h"

namespace hotspot::routeros {
namespace {

using provision_script::Lines;

void header(const ProvisioningRequest& r, const HotspotLayout& l, Secrets secrets, Lines& out) {
  out.push_back("# hotspot-edge provisioning for RouterOS " + std::to_string(l.version.major) + "." +
                std::to_string(l.version.minor) + " (" + r.bridge_name + ", " + l.network_cidr() + ")");
  out.push_back("# Safe to import again: every add is guarded and every object is then set by name or owner comment.");
  if (secrets == Secrets::redact) {
    out.push_back("# REDACTED: the API password is replaced by ********; do not import this copy.");
  } else {
    out.push_back("# SECRET: this file holds the API user's password. Delete it from the router after /import.");
  }
}

// A line that is too long or carries a control character would be cut or split by the
// router's parser; validation should make this impossible, and this keeps it so.
Status check_lines(const Lines& lines) {
  for (const auto& line : lines) {
    if (line.size() > kMaxRscLine) {
      return make_error(Errc::invalid_argument, "the request makes a script line longer than " +
                                                    std::to_string(kMaxRscLine) + " characters; shorten the names");
    }
    for (unsigned char c : line) {
      if (c < 0x20 || c >= 0x7f) return make_error(Errc::internal, "a script line holds a control character");
    }
  }
  return {};
}

}  // namespace

Result<std::string> generate_provisioning_script(const ProvisioningRequest& request, Secrets secrets) {
  auto layout = validate_request(request);
  if (!layout) return layout.error();
  const provision_script::Context context{request, *layout, secrets == Secrets::redact};
  Lines lines;
  header(request, *layout, secrets, lines);
  for (auto section : {provision_script::preflight, provision_script::lan_section, provision_script::dhcp_section,
                       provision_script::dns_section, provision_script::hotspot_section,
                       provision_script::plan_profiles_section, provision_script::walled_garden_section,
                       provision_script::nat_section, provision_script::api_access_section,
                       provision_script::ntp_section}) {
    section(context, lines);
  }
  if (auto s = check_lines(lines); !s) return s.error();
  std::string script;
  for (const auto& line : lines) script += line + '\n';
  return script;
}

}  // namespace hotspot::routeros
