#include "portal/dashboard/routes.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "portal/dashboard/pages.h"
#include "portal/request.h"

namespace hotspot::dashboard {
namespace {

// Longer than any field of ours; what is longer was not typed by a person.
constexpr std::size_t kMaxFieldBytes = 256;
constexpr std::size_t kMaxUsernameBytes = 64;
constexpr std::size_t kMaxPasswordBytes = 1024;

void send(httplib::Response& res, int status, std::string html) {
  // Every dashboard page shows the site's business: never kept by a browser or a proxy.
  portal::send_page(res, status, std::move(html), /*personal=*/true);
}

void redirect(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
  res.set_header("Cache-Control", "no-store");
}

void set_session_cookie(httplib::Response& res, std::string_view token, bool clear) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict";
  if (clear) cookie += "; Max-Age=0";
  res.set_header("Set-Cookie", cookie);
}

// A username fit for a log line; anything else is not one of ours.
std::string loggable_username(std::string_view name) {
  const bool plain =
      !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
      });
  return plain ? "'" + std::string(name) + "'" : "(not a username)";
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The form as posted; a field that is too long is named in `error` and left empty.
ProvisionForm read_form(const httplib::Request& req, std::string& error) {
  ProvisionForm form;
  const std::pair<const char*, std::string*> fields[] = {
      {"router_version", &form.router_version},
      {"lan_interfaces", &form.lan_interfaces},
      {"wan_interface", &form.wan_interface},
      {"network", &form.network},
      {"dns_name", &form.dns_name},
      {"appliance_address", &form.appliance_address},
      {"router_address", &form.router_address},
      {"portal_port", &form.portal_port}};
  for (const auto& [name, value] : fields) {
    *value = req.get_param_value(name);
    if (value->size() > kMaxFieldBytes) {
      error = std::string(name) + ": at most " + std::to_string(kMaxFieldBytes) + " characters";
      value->clear();
    }
    // Spaces around what was typed or pasted mean nothing.
    const auto first = value->find_first_not_of(" \t");
    value->erase(0, first == std::string::npos ? value->size() : first);
    value->erase(value->find_last_not_of(" \t") + 1);
  }
  form.router_has_flash = req.get_param_value("flash") == "yes";
  return form;
}

// A browser says where a form was posted from: a post from another site is refused, sign-in
// included, so that no page elsewhere can sign a browser in or act in its name. Sec-Fetch-Site
// first (no page can set it; and with this dashboard's no-referrer policy Chromium sends
// "Origin: null" even from its own pages), else Origin. Clients that send neither (curl,
// scripts) carry no victim's cookies anyway.
bool posted_from_here(const httplib::Request& req) {
  if (const std::string site = req.get_header_value("Sec-Fetch-Site"); !site.empty()) {
    return site == "same-origin";
  }
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.starts_with(scheme)) {
      return origin.substr(scheme.size()) == req.get_header_value("Host");
    }
  }
  return false;  // "null", or not a web origin
}

}  // namespace

DashboardRoutes::DashboardRoutes(DashboardBackend& backend, const Clock& clock, Logger& logger,
                                 SessionTable::Options sessions, AttemptLimiter::Options attempts)
    : backend_(backend),
      clock_(clock),
      logger_(logger),
      sessions_(clock, make_system_random(), sessions),
      attempts_(clock, attempts) {}

void DashboardRoutes::install(httplib::Server& http) {
  using Handler = void (DashboardRoutes::*)(const httplib::Request&, httplib::Response&);
  auto bind = [this](Handler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  http.Get("/login", bind(&DashboardRoutes::sign_in_page));
  http.Post("/login", bind(&DashboardRoutes::sign_in));
  http.Post("/logout", bind(&DashboardRoutes::sign_out));
  http.Get("/", bind(&DashboardRoutes::overview));
  http.Get("/router/provision", bind(&DashboardRoutes::provision_page));
  http.Post("/router/provision", bind(&DashboardRoutes::provision_download));
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
}

std::optional<SignedInUser> DashboardRoutes::signed_in(const httplib::Request& req) {
  const std::string token = portal::cookie_value(req, kSessionCookie);
  if (token.empty()) return std::nullopt;
  return sessions_.find(token);
}

std::optional<SignedInUser> DashboardRoutes::require_user(const httplib::Request& req,
                                                          httplib::Response& res) {
  auto user = signed_in(req);
  if (user) {
    // The account as the books hold it now: removed, disabled or demoted since sign-in counts.
    auto role = backend_.current_role(user->username);
    if (!role) {
      logger_.error(kLogModule, "DASHBOARD_SIGN_IN_UNAVAILABLE", role.error().message);
      send(res, 503,
           render_message(nullptr, "Try again",
                          "The appliance cannot check accounts just now. Try again in "
                          "a minute."));
      return std::nullopt;
    }
    if (!*role) {
      sessions_.close(portal::cookie_value(req, kSessionCookie));
      user.reset();
    } else {
      user->role = **role;
    }
  }
  if (!user) {
    if (req.method == "POST") {
      send(res, 403,
           render_message(nullptr, "Signed out",
                          "You were signed out (after 30 minutes without use, or 12 "
                          "hours after signing in). Sign in and try again."));
    } else {
      redirect(res, "/login");
    }
    return std::nullopt;
  }
  if (req.method == "POST" && (!posted_from_here(req) ||
                               !same_secret(req.get_param_value("form_token"), user->form_token))) {
    logger_.warning(kLogModule, "DASHBOARD_FORM_REFUSED",
                    req.path + " posted without the session's form token from " + req.remote_addr);
    send(res, 403,
         render_message(&*user, "Form expired",
                        "This form is out of date. Go back, reload the page and try "
                        "again."));
    return std::nullopt;
  }
  return user;
}

bool DashboardRoutes::require_owner(const SignedInUser& user, httplib::Response& res) {
  if (user.role == Role::owner) return true;
  send(res, 403,
       render_message(&user, "Owners only",
                      "Only an owner account can set up the router. Ask the site's "
                      "owner to sign in."));
  return false;
}

void DashboardRoutes::sign_in_page(const httplib::Request& req, httplib::Response& res) {
  if (signed_in(req)) return redirect(res, "/");
  send(res, 200, render_sign_in({}, {}));
}

void DashboardRoutes::sign_in(const httplib::Request& req, httplib::Response& res) {
  if (!posted_from_here(req)) {
    logger_.warning(kLogModule, "DASHBOARD_FORM_REFUSED",
                    "a sign-in posted from another site, from " + req.remote_addr);
    return send(res, 403,
                render_message(nullptr, "Sign in here", "Sign in on the dashboard's own page."));
  }
  const std::string username = req.get_param_value("username");
  const std::string password = req.get_param_value("password");
  const std::string by_address = "address " + req.remote_addr;
  const std::string by_user = "user " + lower(username.substr(0, kMaxUsernameBytes));
  auto locked_out = [&] {
    const std::int64_t wait =
        std::max(attempts_.wait_seconds(by_address), attempts_.wait_seconds(by_user));
    if (wait == 0) return false;
    res.set_header("Retry-After", std::to_string(wait));
    send(res, 429,
         render_sign_in(
             username.substr(0, kMaxUsernameBytes),
             "Too many wrong passwords. Try again in " + std::to_string(wait) + " seconds."));
    return true;
  };
  if (locked_out()) return;
  Result<std::optional<Role>> role = std::optional<Role>();
  if (!username.empty() && username.size() <= kMaxUsernameBytes && !password.empty() &&
      password.size() <= kMaxPasswordBytes) {
    std::lock_guard one_at_a_time(hashing_mu_);
    // Again: tries queued behind this lock while the fifth wrong one was checked must wait too.
    if (locked_out()) return;
    role = backend_.sign_in(username, password);
  }
  if (!role) {
    logger_.error(kLogModule, "DASHBOARD_SIGN_IN_UNAVAILABLE", role.error().message);
    return send(res, 503,
                render_sign_in(username.substr(0, kMaxUsernameBytes),
                               "The appliance cannot check passwords just now. Try "
                               "again in a minute."));
  }
  if (!*role) {
    attempts_.record_failure(by_address);
    attempts_.record_failure(by_user);
    logger_.warning(
        kLogModule, "DASHBOARD_SIGN_IN_FAILED",
        "wrong password for " + loggable_username(username) + " from " + req.remote_addr);
    return send(
        res, 401,
        render_sign_in(username.substr(0, kMaxUsernameBytes), "Wrong username or password."));
  }
  attempts_.record_success(by_address);
  attempts_.record_success(by_user);
  // A session the browser already had ends: one browser, one session.
  if (const std::string old = portal::cookie_value(req, kSessionCookie); !old.empty()) {
    sessions_.close(old);
  }
  set_session_cookie(res, sessions_.open(username, **role), false);
  logger_.info(kLogModule, "DASHBOARD_SIGNED_IN",
               loggable_username(username) + " signed in from " + req.remote_addr);
  redirect(res, "/");
}

void DashboardRoutes::sign_out(const httplib::Request& req, httplib::Response& res) {
  auto user = require_user(req, res);
  if (!user) return;
  sessions_.close(portal::cookie_value(req, kSessionCookie));
  set_session_cookie(res, "", true);
  logger_.info(kLogModule, "DASHBOARD_SIGNED_OUT",
               loggable_username(user->username) + " signed out");
  redirect(res, "/login");
}

void DashboardRoutes::overview(const httplib::Request& req, httplib::Response& res) {
  auto user = require_user(req, res);
  if (!user) return;
  send(res, 200,
       render_overview(*user, backend_.router_health(), to_unix_seconds(clock_.wall_now())));
}

void DashboardRoutes::provision_page(const httplib::Request& req, httplib::Response& res) {
  auto user = require_user(req, res);
  if (!user || !require_owner(*user, res)) return;
  const ProvisionDefaults defaults = backend_.provision_defaults(req.local_addr);
  send(res, 200, render_provision(*user, defaults, defaults.form, {}));
}

void DashboardRoutes::provision_download(const httplib::Request& req, httplib::Response& res) {
  auto user = require_user(req, res);
  if (!user || !require_owner(*user, res)) return;
  std::string error;
  const ProvisionForm form = read_form(req, error);
  const std::string file = req.get_param_value("file");
  Result<Download> download = make_error(Errc::invalid_argument, error);
  if (!error.empty()) {
    // The over-long field is named; nothing is asked of the backend.
  } else if (file == "script") {
    download = backend_.provisioning_script(form, "dashboard:" + user->username);
  } else if (file == "login-page") {
    download = backend_.router_login_page(form);
  } else {
    download = make_error(Errc::invalid_argument, "choose the script or the login page");
  }
  if (!download) {
    const ProvisionDefaults defaults = backend_.provision_defaults(req.local_addr);
    const bool trouble = download.error().code != Errc::invalid_argument &&
                         download.error().code != Errc::unsupported;
    if (trouble) logger_.error(kLogModule, "DASHBOARD_SCRIPT_FAILED", download.error().message);
    return send(res, trouble ? 503 : 400,
                render_provision(*user, defaults, form, download.error().message));
  }
  logger_.info(kLogModule, "DASHBOARD_DOWNLOAD",
               loggable_username(user->username) + " downloaded " + download->file_name);
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + download->file_name + "\"");
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(download->content), download->content_type);
}

}  // namespace hotspot::dashboard
