#include "daemon/dashboard_backend.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "routeros/provision/login_page.h"
#include "routeros/provision/script.h"
#include "routeros/provision/uploads.h"
#include "routeros/settings/pending_login.h"
#include "routeros/settings/provisioning_books.h"
#include "routeros/settings/router_settings.h"
#include "storage/accounts.h"
#include "storage/health.h"

namespace hotspot::daemon {
namespace {

using dashboard::Download;
using dashboard::ProvisionForm;

std::string uptime_text(long long seconds) {
  const long long days = seconds / 86400;
  const long long hours = seconds % 86400 / 3600;
  const long long minutes = seconds % 3600 / 60;
  std::string out;
  if (days > 0) out += std::to_string(days) + "d ";
  if (days > 0 || hours > 0) out += std::to_string(hours) + "h ";
  return out + std::to_string(minutes) + "m";
}

std::string mib(long long bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

// The health detail the router service records (daemon/router_service.cpp), as rows to read.
std::vector<std::pair<std::string, std::string>> health_rows(const nlohmann::json& d) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto text = [&](const char* key) -> std::string {
    auto it = d.find(key);
    if (it == d.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  auto number = [&](const char* key) -> std::optional<long long> {
    auto it = d.find(key);
    if (it == d.end() || !it->is_number()) return std::nullopt;
    return it->get<long long>();
  };
  auto add = [&](std::string label, std::string value) {
    if (!value.empty()) rows.emplace_back(std::move(label), std::move(value));
  };
  add("Address", text("endpoint"));
  add("RouterOS", text("version"));
  add("Board", text("board"));
  if (auto cpu = number("cpu_load")) add("CPU load", std::to_string(*cpu) + " %");
  if (auto free = number("free_memory"), total = number("total_memory"); free && total) {
    add("Memory free", mib(*free) + " of " + mib(*total));
  }
  if (auto up = number("uptime_s")) add("Uptime", uptime_text(*up));
  if (auto level = number("licence_level")) {
    std::string licence = "level " + std::to_string(*level);
    if (auto cap = number("user_capacity"))
      licence += " (" + std::to_string(*cap) + " hotspot users)";
    add("Licence", licence);
  }
  if (auto users = number("managed_users"))
    add("Hotspot users of this appliance", std::to_string(*users));
  if (auto offset = number("clock_offset_s")) {
    add("Clock", (*offset >= 0 ? "+" : "") + std::to_string(*offset) + " s from this appliance");
  }
  add("Connection", text("link"));
  add("Last error", text("error"));
  if (auto failed = number("failed_attempts"); failed && *failed > 0) {
    add("Failed attempts", std::to_string(*failed));
  }
  add("Why", text("reason"));
  add("Setup script's login", text("pending_login"));
  return rows;
}

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
  }
  return out;
}

Result<std::uint16_t> portal_port(const std::string& text) {
  int port = 0;
  bool digits = !text.empty() && text.size() <= 5;
  for (char c : text) {
    digits = digits && c >= '0' && c <= '9';
    if (digits) port = port * 10 + (c - '0');
  }
  if (!digits || port < 1 || port > 65535) {
    return make_error(Errc::invalid_argument, "portal_port: a port from 1 to 65535");
  }
  return static_cast<std::uint16_t>(port);
}

// The form as a provisioning request, without the API password (the caller sets it).
Result<routeros::ProvisioningRequest> request_from(storage::Store& store,
                                                   const ProvisionForm& form) {
  routeros::ProvisioningRequest r;
  r.router_version = form.router_version;
  r.lan_interfaces = split_commas(form.lan_interfaces);
  r.wan_interface = form.wan_interface;
  r.network = form.network;
  r.hotspot_dns_name = form.dns_name;
  r.appliance_address = form.appliance_address;
  auto port = portal_port(form.portal_port);
  if (!port) return port.error();
  r.portal_port = *port;
  r.router_has_flash = form.router_has_flash;
  auto plans = routeros::plan_profiles_from_books(store);
  if (!plans) return plans.error();
  r.plans = std::move(*plans);
  r.api_user = routeros::kProvisionedApiUser;
  r.api_allowed_address = r.appliance_address;
  r.ntp_servers = {std::string(routeros::kDefaultNtpServer)};
  return r;
}

Result<std::optional<dashboard::Role>> role_of(
    const Result<std::optional<storage::Account>>& account) {
  if (!account) return account.error();
  if (!*account) return std::optional<dashboard::Role>();
  return std::optional<dashboard::Role>((*account)->role == storage::Role::owner
                                            ? dashboard::Role::owner
                                            : dashboard::Role::attendant);
}

// A wildcard or loopback address is not how a router on the LAN reaches the appliance.
std::string appliance_guess(std::string_view address) {
  if (address.empty() || address.starts_with("127.") || address == "0.0.0.0" ||
      address.find(':') != std::string_view::npos) {
    return {};
  }
  return std::string(address);
}

// The router logins in the books, as far as a setup script is concerned.
struct BooksLogin {
  std::optional<routeros::RouterSettings> in_force;
  std::string in_force_password;
  std::optional<routeros::PendingRouterLogin> pending;
  std::string refusal;  // why no script can be made here; empty when one can
};

Result<BooksLogin> books_login(storage::Store& store) {
  BooksLogin b;
  auto settings = routeros::load_router_settings(store);
  if (!settings) return settings.error();
  b.in_force = *settings;
  if (b.in_force && b.in_force->tls) {
    b.refusal =
        "The appliance reaches the router over API-SSL: a script imported by hand would give the "
        "router a certificate the appliance does not trust yet. A technician sets such a router "
        "up with 'hotspotctl router provision --api-ssl', which checks the new certificate over "
        "SSH.";
    return b;
  }
  if (b.in_force) {
    auto link = routeros::router_link_options(store, *b.in_force);
    if (!link) return link.error();
    b.in_force_password = link->session.password;
  }
  auto pending = routeros::load_pending_router_login(store);
  if (!pending) return pending.error();
  b.pending = *pending;
  return b;
}

// What a download does to the books' logins, and the password the script carries (empty: a
// new one).
struct LoginPlan {
  enum class Action { keep, set_in_force, set_pending } action = Action::keep;
  routeros::RouterSettings login;
  std::string password;
};

LoginPlan plan_login(const BooksLogin& books, routeros::RouterSettings to) {
  LoginPlan plan;
  const auto& now = books.in_force;
  if (!now) {  // nothing to cut off: the script's login is the login from now on
    plan.action = LoginPlan::Action::set_in_force;
    plan.login = to;
    return plan;
  }
  if (now->user == to.user && now->host == to.host) {  // the script again, for the same router
    plan.password = books.in_force_password;
    return plan;
  }
  if (books.pending && books.pending->settings.user == to.user &&
      books.pending->settings.host == to.host) {  // downloaded again before the import
    plan.password = books.pending->password;
    return plan;
  }
  // The same router keeps the API port the books knew (a provider may have moved it).
  if (now->host == to.host) to.port = now->port;
  if (now->user == to.user) plan.password = books.in_force_password;
  plan.action = LoginPlan::Action::set_pending;
  plan.login = to;
  return plan;
}

}  // namespace

ApplianceDashboardBackend::ApplianceDashboardBackend(storage::Store& store,
                                                     DashboardBackendOptions options,
                                                     std::function<void()> router_login_changed)
    : store_(store), options_(options), router_login_changed_(std::move(router_login_changed)) {}

Result<std::optional<dashboard::Role>> ApplianceDashboardBackend::sign_in(
    std::string_view username, std::string_view password) {
  return role_of(store_.accounts().authenticate(username, password));
}

Result<std::optional<dashboard::Role>> ApplianceDashboardBackend::current_role(
    std::string_view username) {
  return role_of(store_.accounts().find_enabled(username));
}

dashboard::RouterHealthView ApplianceDashboardBackend::router_health() {
  dashboard::RouterHealthView view;
  auto record = store_.health().get("router");
  if (!record) {
    view.state = "unknown";
    view.warning = "The books cannot be read just now: " + record.error().message;
    return view;
  }
  if (!*record) return view;
  view.state = (*record)->state;
  view.checked_at = (*record)->checked_at;
  const auto detail = nlohmann::json::parse((*record)->detail, nullptr, /*allow_exceptions=*/false);
  if (detail.is_object()) {
    view.rows = health_rows(detail);
    if (auto it = detail.find("warning"); it != detail.end() && it->is_string()) view.warning = *it;
  }
  return view;
}

dashboard::ProvisionDefaults ApplianceDashboardBackend::provision_defaults(
    std::string_view dashboard_address) {
  dashboard::ProvisionDefaults d;
  d.form.network = "10.5.50.0/24";
  d.form.dns_name = "login.wifi.lan";
  d.form.appliance_address = appliance_guess(dashboard_address);
  d.form.portal_port = std::to_string(options_.portal_port);
  if (auto record = store_.health().get("router"); record && *record) {
    const auto detail = nlohmann::json::parse((*record)->detail, nullptr, false);
    if (detail.is_object() && detail.contains("version") && detail["version"].is_string()) {
      // "7.12.1 (stable)": the channel is not part of the version.
      const std::string version = detail["version"];
      d.form.router_version = version.substr(0, version.find(' '));
    }
  }
  auto books = books_login(store_);
  if (!books) {
    d.script_refused = "The books cannot be read just now: " + books.error().message;
    return d;
  }
  d.script_refused = books->refusal;
  if (const auto& s = books->in_force) {
    d.router_login =
        s->user + "@" + s->host + ":" + std::to_string(s->port) + (s->tls ? " (API-SSL)" : "");
    d.form.router_address = s->host;
  }
  if (const auto& p = books->pending) {
    const routeros::RouterSettings& s = p->settings;
    d.pending_login = s.user + "@" + s.host + ":" + std::to_string(s.port);
    d.form.router_address = s.host;
  }
  return d;
}

Result<Download> ApplianceDashboardBackend::provisioning_script(const ProvisionForm& form,
                                                                std::string_view actor) {
  std::lock_guard lock(script_mu_);
  auto request = request_from(store_, form);
  if (!request) return request.error();
  auto books = books_login(store_);
  if (!books) return books.error();
  if (!books->refusal.empty()) return make_error(Errc::unsupported, books->refusal);
  // Validated with a stand-in password first: the router's address defaults to the gateway.
  request->api_password = storage::generate_password(store_.context());
  auto layout = routeros::validate_request(*request);
  if (!layout) return layout.error();
  routeros::RouterSettings to;
  to.host =
      form.router_address.empty() ? routeros::format_ipv4(layout->gateway) : form.router_address;
  to.user = request->api_user;
  if (auto valid = routeros::validate_router_settings(to); !valid) {
    std::string why = valid.error().message;
    if (why.starts_with("host: ")) why = "router_address: " + why.substr(6);
    return make_error(Errc::invalid_argument, why);
  }
  const LoginPlan plan = plan_login(*books, to);
  request->api_password = plan.password.empty() ? request->api_password : plan.password;
  auto script = routeros::generate_provisioning_script(*request, routeros::Secrets::include);
  if (!script) return script.error();
  if (plan.action == LoginPlan::Action::set_in_force) {
    if (auto s = routeros::save_router_settings(store_, plan.login, request->api_password, actor);
        !s) {
      return s.error();
    }
    if (router_login_changed_) router_login_changed_();
  } else if (plan.action == LoginPlan::Action::set_pending) {
    if (auto s =
            routeros::save_pending_router_login(store_, plan.login, request->api_password, actor);
        !s) {
      return s.error();
    }
  }
  return Download{std::string(routeros::kScriptFileName), "text/plain; charset=utf-8",
                  std::move(*script)};
}

Result<Download> ApplianceDashboardBackend::router_login_page(const ProvisionForm& form) {
  auto request = request_from(store_, form);
  if (!request) return request.error();
  // The page carries no password, but the request is only valid with one.
  request->api_password = storage::generate_password(store_.context());
  if (auto layout = routeros::validate_request(*request); !layout) return layout.error();
  return Download{"login.html", "text/html; charset=utf-8", routeros::render_login_page(*request)};
}

}  // namespace hotspot::daemon
