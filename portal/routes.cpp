#include "portal/routes.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/chap.h"
#include "portal/event_loop_server.h"
#include "portal/request.h"

namespace hotspot::portal {
namespace {

constexpr std::int64_t kDefaultCodeCookieSeconds = 30 * 86'400;
constexpr std::size_t kMaxTypedCode = 64;

// The code as typed, bounded, for the form to show again.
std::string typed_code_of(const httplib::Request& req) {
  std::string code = req.get_param_value("code");
  if (code.size() > kMaxTypedCode) code.resize(kMaxTypedCode);
  return code;
}

}  // namespace

std::string_view outcome_name(RedeemOutcome outcome) {
  switch (outcome) {
    case RedeemOutcome::logged_in: return "logged_in";
    case RedeemOutcome::login_by_form: return "login_by_form";
    case RedeemOutcome::mistyped: return "mistyped";
    case RedeemOutcome::unknown: return "unknown";
    case RedeemOutcome::malformed: return "malformed";
    case RedeemOutcome::expired: return "expired";
    case RedeemOutcome::exhausted: return "exhausted";
    case RedeemOutcome::revoked: return "revoked";
    case RedeemOutcome::device_limit: return "device_limit";
    case RedeemOutcome::no_device: return "no_device";
    case RedeemOutcome::router_down: return "router_down";
    case RedeemOutcome::no_payment: return "no_payment";
    case RedeemOutcome::payment_not_settled: return "payment_not_settled";
  }
  return "unknown";
}

std::string device_summary(const DeviceContext& device) {
  return "mac " + (device.mac.empty() ? std::string("-") : device.mac) + " ip " +
         (device.ip.empty() ? std::string("-") : device.ip) + " from " + device.client_ip;
}

std::string code_hint(std::string_view typed_code) {
  std::string out;
  for (char c : typed_code) {
    const bool shown = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!shown) continue;
    out.push_back(c);
    if (out.size() == 2) break;
  }
  return out + "\xE2\x80\xA6";  // "…"
}

std::string_view redeem_message(Lang lang, RedeemOutcome outcome) {
  switch (outcome) {
    case RedeemOutcome::logged_in:
    case RedeemOutcome::login_by_form: return {};
    case RedeemOutcome::mistyped: return text(lang, Text::redeem_mistyped);
    case RedeemOutcome::unknown: return text(lang, Text::redeem_unknown);
    case RedeemOutcome::malformed: return text(lang, Text::redeem_malformed);
    case RedeemOutcome::expired: return text(lang, Text::redeem_expired);
    case RedeemOutcome::exhausted: return text(lang, Text::redeem_exhausted);
    case RedeemOutcome::revoked: return text(lang, Text::redeem_revoked);
    case RedeemOutcome::device_limit: return text(lang, Text::redeem_device_limit);
    case RedeemOutcome::no_device: return text(lang, Text::redeem_no_device);
    case RedeemOutcome::router_down: return text(lang, Text::redeem_router_down);
    case RedeemOutcome::no_payment: return text(lang, Text::redeem_no_payment);
    case RedeemOutcome::payment_not_settled: return text(lang, Text::redeem_payment_not_settled);
  }
  return text(lang, Text::redeem_unknown);
}

bool counts_as_guess(RedeemOutcome outcome) {
  switch (outcome) {
    case RedeemOutcome::mistyped:
    case RedeemOutcome::unknown:
    case RedeemOutcome::malformed:
    case RedeemOutcome::revoked:
    case RedeemOutcome::expired:
    case RedeemOutcome::exhausted:
    case RedeemOutcome::no_payment: return true;  // someone may be guessing receipts
    case RedeemOutcome::logged_in:
    case RedeemOutcome::login_by_form:
    case RedeemOutcome::device_limit:
    case RedeemOutcome::no_device:
    case RedeemOutcome::router_down:
    case RedeemOutcome::payment_not_settled: return false;
  }
  return false;
}

PortalRoutes::PortalRoutes(PortalBackend& backend, const Clock& clock, Logger& logger,
                           const PortalOptions& options)
    : backend_(backend), logger_(logger), options_(options), limiter_(clock, options.attempts) {}

void PortalRoutes::install(httplib::Server& server, RequestGate& gate, ClosedHandler closed) {
  using Handler = void (PortalRoutes::*)(const httplib::Request&, httplib::Response&);
  auto gated = [this, &gate, closed](Handler handler) {
    return [this, &gate, closed, handler](const httplib::Request& req, httplib::Response& res) {
      GatePass pass(gate);
      if (!pass) return closed(req, res);
      (this->*handler)(req, res);
    };
  };
  // The router's login page may send the phone here by a GET link or by posting a form.
  // "/portal" is where the login page that `hotspotctl router provision` uploads sends phones.
  for (const char* path : {"/", "/login", "/portal"}) {
    server.Get(path, gated(&PortalRoutes::landing));
    server.Post(path, gated(&PortalRoutes::landing));
  }
  server.Post("/redeem", gated(&PortalRoutes::redeem));
  server.Post("/buy", gated(&PortalRoutes::buy));
  server.Get("/buy/wait", gated(&PortalRoutes::buy_wait));
  server.Post("/paid", gated(&PortalRoutes::paid));
  server.Get("/status", gated(&PortalRoutes::status));
  server.Post("/logout", gated(&PortalRoutes::logout));
  server.Get("/api/captive", gated(&PortalRoutes::captive_api));
  server.Get("/healthz", gated(&PortalRoutes::health));
}

void PortalRoutes::health(const httplib::Request&, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_content("ok\n", "text/plain; charset=utf-8");
}

PageFrame PortalRoutes::frame(const httplib::Request& req, httplib::Response& res,
                              std::string_view path, std::string_view query) {
  PageFrame page;
  page.lang = language_for(req, res);
  page.branding = backend_.branding();
  page.switch_href = switch_href(page.lang, path, query);
  return page;
}

RouterFields PortalRoutes::fields_of(const httplib::Request& req) const {
  // Without the router's MAC and IP, the ones it passed earlier to this browser; both are
  // checked again like any field.
  const std::string remembered = cookie_value(req, kDeviceCookie);
  const auto slash = remembered.find('/');
  const bool from_router = req.has_param("mac") || req.has_param("ip");
  return parse_router_fields(
      [&](std::string_view name) {
        std::string value = req.get_param_value(std::string(name));
        if (!value.empty() || from_router || slash == std::string::npos) return value;
        if (name == "mac") return remembered.substr(0, slash);
        if (name == "ip") return remembered.substr(slash + 1);
        return value;
      },
      req.remote_addr);
}

void PortalRoutes::remember_device(const httplib::Request& req, httplib::Response& res,
                                   const RouterFields& fields) {
  const DeviceContext& d = fields.device;
  if (d.mac.empty() || d.ip.empty() || !req.has_param("mac")) return;
  res.set_header("Set-Cookie", std::string(kDeviceCookie) + "=" + d.mac + "/" + d.ip +
                                   "; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400");
}

void PortalRoutes::show_landing(httplib::Response& res, const PageFrame& page,
                                const RouterFields& fields, std::string typed_code,
                                std::string message) {
  LandingView view;
  view.fields = fields;
  view.typed_code = std::move(typed_code);
  view.message = std::move(message);
  show_landing(res, 200, page, std::move(view));
}

void PortalRoutes::show_landing(httplib::Response& res, int status, const PageFrame& page,
                                LandingView view) {
  view.offers = backend_.offers();
  view.mpesa_available = backend_.mpesa_available();
  // Personal: the page carries the phone's MAC and the router's login variables.
  send_page(res, status, render_landing(page, view), /*personal=*/true);
}

std::vector<std::string> PortalRoutes::guess_keys(const RouterFields& fields) {
  std::vector<std::string> keys = {"ip:" + fields.device.client_ip};
  if (!fields.device.mac.empty()) keys.push_back("mac:" + fields.device.mac);
  return keys;
}

bool PortalRoutes::refuse_if_locked(httplib::Response& res, const PageFrame& page,
                                    const std::vector<std::string>& keys, std::string_view what) {
  std::int64_t wait = 0;
  for (const std::string& key : keys) wait = std::max(wait, limiter_.wait_seconds(key));
  if (wait == 0) return false;
  std::string who;
  for (const std::string& key : keys) who += " " + key;
  logger_.warning(kLogModule, "PORTAL_LOCKED_OUT",
                  std::string(what) + " refused unread, " + std::to_string(wait) +
                      " s of lockout left:" + who);
  res.set_header("Retry-After", std::to_string(wait));
  send_page(res, 429,
            render_message(page, Text::sorry_title,
                           text_with(page.lang, Text::locked_out, "n", std::to_string(wait))),
            true);
  return true;
}

LoginFormView PortalRoutes::login_form(const DeviceContext& device, const RedeemResult& result) {
  LoginFormView form;
  form.action = device.link_login_only;
  form.username = result.username;
  form.password = device.chap_id.empty()
                      ? result.password
                      : chap_password(device.chap_id, result.password, device.chap_challenge);
  form.dst = device.link_orig;
  return form;
}

void PortalRoutes::remember_code(httplib::Response& res, const TicketView& ticket) {
  if (!is_cookie_safe_code(ticket.code)) return;
  const std::int64_t max_age = std::clamp<std::int64_t>(
      ticket.seconds_left.value_or(kDefaultCodeCookieSeconds), 0, kDefaultCodeCookieSeconds);
  res.set_header("Set-Cookie", std::string(kCodeCookie) + "=" + ticket.code +
                                   "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                                   std::to_string(max_age));
}

bool PortalRoutes::answer_login(httplib::Response& res, const PageFrame& page,
                                const RouterFields& fields, const RedeemResult& result) {
  const DeviceContext& device = fields.device;
  if (result.outcome != RedeemOutcome::logged_in &&
      result.outcome != RedeemOutcome::login_by_form) {
    return false;
  }
  if (result.ticket) remember_code(res, *result.ticket);
  res.set_header("Cache-Control", "no-store");
  if (result.outcome == RedeemOutcome::logged_in) {
    res.set_redirect(device.link_orig.empty() ? "/status" : device.link_orig, 303);
    return true;
  }
  if (device.link_login_only.empty()) {
    // Ready on the router, but there is no login form to post to.
    send_page(res, 200,
              render_message(page, Text::sorry_title, text(page.lang, Text::redeem_no_device)),
              true);
    return true;
  }
  res.set_header("Content-Security-Policy", std::string(kLoginFormSecurityPolicy));
  send_page(res, 200, render_login_form(page, login_form(device, result)), true);
  return true;
}

void PortalRoutes::landing(const httplib::Request& req, httplib::Response& res) {
  const RouterFields fields = fields_of(req);
  const PageFrame page = frame(req, res, "/", router_fields_query(fields));
  if (!fields.device.mac.empty()) {
    // Logging a returning phone in again waits on the router: that goes on on a worker.
    bool moved = false;
    auto back =
        backend_.welcome_back(fields.device, [&moved] { return moved = continue_on_worker(); });
    if (moved) return;
    if (back) {
      if (answer_login(res, page, fields, *back)) {
        logger_.info(kLogModule, "PORTAL_WELCOME_BACK",
                     "returning phone logged in again: " + device_summary(fields.device));
        return;
      }
    }
  }
  remember_device(req, res, fields);
  show_landing(res, page, fields, {}, {});
}

void PortalRoutes::redeem(const httplib::Request& req, httplib::Response& res) {
  const RouterFields fields = fields_of(req);
  const PageFrame page = frame(req, res, "/", router_fields_query(fields));
  const std::string typed = typed_code_of(req);
  const std::vector<std::string> keys = guess_keys(fields);
  if (refuse_if_locked(res, page, keys, "code " + code_hint(typed))) return;

  const RedeemResult result = backend_.redeem(typed, fields.device);
  if (answer_login(res, page, fields, result)) {
    for (const std::string& key : keys) limiter_.record_success(key);
    logger_.info(kLogModule, "PORTAL_VOUCHER_REDEEMED",
                 "code " + code_hint(typed) + " " + std::string(outcome_name(result.outcome)) +
                     ": " + device_summary(fields.device));
    return;
  }
  if (counts_as_guess(result.outcome)) {
    for (const std::string& key : keys) limiter_.record_failure(key);
  }
  logger_.info(kLogModule, "PORTAL_VOUCHER_REFUSED",
               "code " + code_hint(typed) + " " + std::string(outcome_name(result.outcome)) +
                   ": " + device_summary(fields.device));
  show_landing(res, page, fields, typed, std::string(redeem_message(page.lang, result.outcome)));
}

void PortalRoutes::status(const httplib::Request& req, httplib::Response& res) {
  const PageFrame page = frame(req, res, "/status");
  const auto ticket = backend_.status(code_from_cookie(req), req.remote_addr);
  if (!ticket) {
    send_page(res, 200, render_message(page, Text::status_title, text(page.lang, Text::no_ticket)),
              true);
    return;
  }
  send_page(res, 200, render_status(page, *ticket), true);
}

void PortalRoutes::logout(const httplib::Request& req, httplib::Response& res) {
  const PageFrame page = frame(req, res, "/");
  const std::string code = code_from_cookie(req);
  const bool ended = backend_.logout(code, req.remote_addr);
  logger_.info(kLogModule, "PORTAL_LOGGED_OUT",
               std::string(ended ? "session ended" : "no session to end") + " for " +
                   (code.empty() ? std::string("no code") : "code " + code_hint(code)) +
                   " from " + req.remote_addr);
  send_page(res, 200, render_logged_out(page, ended, backend_.status(code, req.remote_addr)), true);
}

void PortalRoutes::captive_api(const httplib::Request& req, httplib::Response& res) {
  std::string host;
  if (auto given = valid_host(req.get_header_value("Host"))) {
    host = *given;
  } else if (!options_.public_host.empty()) {
    host = options_.public_host;
  } else {
    host = req.local_addr + ":" + std::to_string(req.local_port);
  }
  nlohmann::json body;
  const auto ticket = backend_.status({}, req.remote_addr);
  const bool live = ticket && ticket->online;
  body["captive"] = !live;
  body["user-portal-url"] = "http://" + host + "/";
  if (live && ticket->seconds_left) body["seconds-remaining"] = *ticket->seconds_left;
  if (live && ticket->bytes_left) body["bytes-remaining"] = *ticket->bytes_left;
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(body.dump(), "application/captive+json");
}

}  // namespace hotspot::portal
