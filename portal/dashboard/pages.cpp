#include "portal/dashboard/pages.h"

#include <iterator>

#include "portal/html.h"

namespace hotspot::dashboard {
namespace {

using portal::html_escape;

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}"
    "header{background:#1d3557;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;"
    "gap:1em;align-items:center}"
    "header h1{font-size:1.1em;margin:0 1em 0 0}header a{color:#fff}"
    "header form{margin-left:auto}main{max-width:52em;margin:1em auto;padding:0 1em}"
    "section{background:#fff;border-radius:6px;padding:1em;margin-bottom:1em}"
    "table{border-collapse:collapse}td,th{text-align:left;padding:.2em 1em .2em 0}"
    "label{display:block;margin:.8em 0 .2em;font-weight:600}"
    "input[type=text],input[type=password]{width:100%;max-width:24em;padding:.4em;"
    "box-sizing:border-box}small{display:block;color:#555}"
    "button{padding:.5em 1em;margin:1em .5em 0 0}"
    ".error{background:#fde8e8;color:#8a1c1c;padding:.6em;border-radius:4px}"
    ".warning{background:#fff4d6;padding:.6em;border-radius:4px}"
    ".up{color:#17693a}.down{color:#8a1c1c}ol li{margin:.3em 0}";

std::string head(std::string_view title) {
  std::string out =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>";
  out += html_escape(title);
  out += " - hotspot-edge</title><style>";
  out += kStyle;
  out += "</style></head><body>";
  return out;
}

std::string hidden_token(const SignedInUser& user) {
  return "<input type=\"hidden\" name=\"form_token\" value=\"" + html_escape(user.form_token) +
         "\">";
}

std::string page(const SignedInUser* user, std::string_view title, std::string_view body) {
  std::string out = head(title);
  out += "<header><h1>hotspot-edge</h1>";
  if (user != nullptr) {
    out += "<a href=\"/\">Overview</a>";
    if (user->role == Role::owner) out += "<a href=\"/router/provision\">Router setup</a>";
    out += "<form method=\"post\" action=\"/logout\">";
    out += hidden_token(*user);
    out += html_escape(user->username);
    out += user->role == Role::owner ? " (owner) " : " (attendant) ";
    out += "<button type=\"submit\">Sign out</button></form>";
  }
  out += "</header><main><h2>";
  out += html_escape(title);
  out += "</h2>";
  out += body;
  out += "</main></body></html>";
  return out;
}

// The form's fields: name, label, hint; the backend's errors start with the name (or, for the
// login name, the request's own field name), and are shown with the label instead.
struct Field {
  std::string_view name;
  std::string_view error_name;
  std::string_view label;
  std::string_view hint;
};
constexpr Field kFields[] = {
    {"router_version", "router_version", "RouterOS version",
     "As System > Resources shows it, e.g. 7.12.1 (6.43 and later)"},
    {"lan_interfaces", "lan_interfaces", "Hotspot LAN ports",
     "Bridged together, separated by commas, e.g. ether2,ether3,wlan1"},
    {"wan_interface", "wan_interface", "Internet port (optional)",
     "The hotspot's traffic is masqueraded out of it, e.g. ether1"},
    {"network", "network", "Hotspot network",
     "The router takes the first address, e.g. 10.5.50.0/24"},
    {"dns_name", "hotspot_dns_name", "Login name on the router", ""},
    {"appliance_address", "appliance_address", "This appliance's address",
     "As the router reaches it; customers are sent here"},
    {"portal_port", "portal_port", "Portal port", ""},
    {"router_address", "router_address", "Router's address (optional)",
     "As this appliance reaches the router; empty: the hotspot network's first address"},
};

// "network: needs a prefix..." becomes "Hotspot network: needs a prefix...".
std::string with_label(std::string_view error) {
  for (const Field& f : kFields) {
    if (error.starts_with(f.error_name) && error.substr(f.error_name.size()).starts_with(": ")) {
      return std::string(f.label) + std::string(error.substr(f.error_name.size()));
    }
  }
  return std::string(error);
}

std::string error_box(std::string_view error) {
  if (error.empty()) return {};
  return "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
}

std::string ago(long long then, long long now) {
  const long long s = now - then;
  if (s < 0) return "just now";
  if (s < 120) return std::to_string(s) + " s ago";
  if (s < 7200) return std::to_string(s / 60) + " min ago";
  return std::to_string(s / 3600) + " h ago";
}

std::string text_field(std::string_view name, std::string_view label, std::string_view value,
                       std::string_view hint) {
  std::string out = "<label for=\"" + std::string(name) + "\">" + html_escape(label) + "</label>";
  out += "<input type=\"text\" id=\"" + std::string(name) + "\" name=\"" + std::string(name) +
         "\" value=\"" + html_escape(value) + "\" maxlength=\"256\">";
  if (!hint.empty()) out += "<small>" + html_escape(hint) + "</small>";
  return out;
}

}  // namespace

std::string render_sign_in(std::string_view typed_username, std::string_view error) {
  std::string body = error_box(error);
  body +=
      "<section><form method=\"post\" action=\"/login\">"
      "<label for=\"username\">Username</label>"
      "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" "
      "maxlength=\"64\" required autofocus value=\"";
  body += html_escape(typed_username);
  body +=
      "\"><label for=\"password\">Password</label>"
      "<input type=\"password\" id=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" maxlength=\"1024\" required>"
      "<button type=\"submit\">Sign in</button></form></section>";
  return page(nullptr, "Sign in", body);
}

std::string render_overview(const SignedInUser& user, const RouterHealthView& router,
                            long long now) {
  std::string body = "<section><h3>Router</h3>";
  if (router.state.empty()) {
    body += "<p>The appliance has not checked the router yet.</p>";
  } else {
    const bool up = router.state == "up";
    body += "<p>State: <strong class=\"" + std::string(up ? "up" : "down") + "\">" +
            html_escape(router.state) + "</strong>";
    if (router.checked_at != 0) body += ", checked " + html_escape(ago(router.checked_at, now));
    body += "</p>";
  }
  if (!router.warning.empty()) {
    body += "<p class=\"warning\">" + html_escape(router.warning) + "</p>";
  }
  if (!router.rows.empty()) {
    body += "<table>";
    for (const auto& [label, value] : router.rows) {
      body += "<tr><th>" + html_escape(label) + "</th><td>" + html_escape(value) + "</td></tr>";
    }
    body += "</table>";
  }
  body += "</section>";
  if (user.role == Role::owner) {
    body +=
        "<section><h3>Router setup</h3><p>Turn a factory-fresh MikroTik into this appliance's "
        "hotspot: <a href=\"/router/provision\">download the setup script</a>.</p></section>";
  }
  return page(&user, "Overview", body);
}

std::string render_provision(const SignedInUser& user, const ProvisionDefaults& defaults,
                             const ProvisionForm& form, std::string_view error) {
  std::string body = error_box(with_label(error));
  body +=
      "<section><p>The script makes a factory-fresh router this appliance's hotspot: LAN bridge "
      "and addressing, DHCP, DNS, the hotspot server, one user profile per plan, the walled "
      "garden, an API user for this appliance with only the rights it needs, and NTP. It can "
      "be imported again: what is already right is left as it is.</p><ol>"
      "<li>Download the script and the login page below.</li>"
      "<li>In WinBox, open Files and drag <code>hotspot-edge-provision.rsc</code> in; then in a "
      "terminal run <code>/import file-name=hotspot-edge-provision.rsc verbose=yes</code>.</li>"
      "<li>Drag <code>login.html</code> into the <code>hotspot</code> folder (<code>flash/hotspot"
      "</code> on boards with flash), replacing the router's own.</li>"
      "<li>Delete the script from Files: it holds the API user's password.</li></ol>"
      "<p>A technician can do all of this in one step over SSH, with a backup first: "
      "<code>hotspotctl router provision</code>.</p>";
  if (!defaults.router_login.empty()) {
    body += "<p>The appliance now logs in to the router as <strong>" +
            html_escape(defaults.router_login) + "</strong>.</p>";
  }
  body +=
      "<p>Downloading the script does not cut the appliance off the router: it keeps its login "
      "until the router accepts the script's API user, <code>hotspot-edge</code>, and then "
      "moves to it by itself.</p>";
  if (!defaults.pending_login.empty()) {
    body += "<p class=\"warning\">Waiting for the router to accept <strong>" +
            html_escape(defaults.pending_login) +
            "</strong>, from a script downloaded earlier: import it on the router.</p>";
  }
  if (!defaults.script_refused.empty()) {
    body += "<p class=\"warning\">" + html_escape(defaults.script_refused) + "</p>";
  }
  body += "</section><section><form method=\"post\" action=\"/router/provision\">";
  body += hidden_token(user);
  const std::string* values[] = {
      &form.router_version, &form.lan_interfaces,    &form.wan_interface, &form.network,
      &form.dns_name,       &form.appliance_address, &form.portal_port,   &form.router_address};
  static_assert(std::size(kFields) == std::size(values));
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    body += text_field(kFields[i].name, kFields[i].label, *values[i], kFields[i].hint);
  }
  body += "<label><input type=\"checkbox\" name=\"flash\" value=\"yes\"";
  if (form.router_has_flash) body += " checked";
  body +=
      "> The router keeps its files under flash/</label>"
      "<button type=\"submit\" name=\"file\" value=\"script\">Download the script (.rsc)</button>"
      "<button type=\"submit\" name=\"file\" value=\"login-page\">Download login.html</button>"
      "</form></section>";
  return page(&user, "Router setup", body);
}

std::string render_message(const SignedInUser* user, std::string_view title,
                           std::string_view sentence) {
  std::string body = "<section><p>" + html_escape(sentence) + "</p>";
  body += user != nullptr ? "<p><a href=\"/\">Back to the overview</a></p>"
                          : "<p><a href=\"/login\">Sign in</a></p>";
  body += "</section>";
  return page(user, title, body);
}

}  // namespace hotspot::dashboard
