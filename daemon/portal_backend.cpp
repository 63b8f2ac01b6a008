#include "daemon/portal_backend.h"

#include <set>

#include "core/branding.h"
#include "core/lifecycle.h"
#include "core/voucher_code.h"
#include "daemon/device_login.h"
#include "daemon/loop_call.h"
#include "routeros/hotspot/hotspot_router.h"
#include "storage/plans.h"
#include "storage/sessions.h"
#include "storage/settings.h"
#include "storage/tickets.h"

namespace hotspot::daemon {
namespace {

constexpr std::string_view kModule = "portal";
constexpr std::string_view kActor = "portal";

// What the customer may see of a code in a log line: enough to find it, not enough to use it.
std::string code_hint(std::string_view code) { return std::string(code.substr(0, 2)) + "…"; }

std::optional<portal::RedeemOutcome> ended_outcome(TicketState state) {
  switch (state) {
    case TicketState::expired: return portal::RedeemOutcome::expired;
    case TicketState::exhausted: return portal::RedeemOutcome::exhausted;
    case TicketState::revoked: return portal::RedeemOutcome::revoked;
    case TicketState::issued:
    case TicketState::active: return std::nullopt;
  }
  return portal::RedeemOutcome::revoked;
}

// What the expiry sweep would say of an active ticket now, before the next sweep has run: the
// same rules, so a wall-clock ticket is not refused on a clock the sweep does not trust.
std::optional<portal::RedeemOutcome> used_up(const Plan& plan, const Ticket& ticket, SweepTime time) {
  const auto endings = expiry_sweep({plan}, {ticket}, time);
  if (endings.empty()) return std::nullopt;
  return endings.front().event == TicketEvent::exhaust ? portal::RedeemOutcome::exhausted
                                                       : portal::RedeemOutcome::expired;
}

portal::PlanOffer offer_of(const Plan& p) {
  portal::PlanOffer o;
  o.id = p.id;
  o.name = p.name;
  o.price_kes = p.price.shillings;
  if (p.time_allowance) o.time_allowance_s = p.time_allowance->count();
  o.data_allowance_bytes = p.data_allowance_bytes;
  o.upload_bps = p.upload_bps;
  o.download_bps = p.download_bps;
  o.devices = p.shared_devices;
  o.connected_time_only = p.validity == ValidityMode::connected_time;
  return o;
}

// A setting as stored, if it passes today's checks; otherwise the default (and the page still
// renders: the books may have been written by another version).
std::string setting_or(storage::Store& store, std::string_view key, Status (*valid)(std::string_view),
                       std::string fallback) {
  auto value = store.settings().get(key);
  if (!value || !*value || (*value)->empty() || !valid(**value)) return fallback;
  return **value;
}

}  // namespace

AppliancePortalBackend::AppliancePortalBackend(boost::asio::io_context& io, storage::Store& store,
                                               RouterService& router, LiveSessions& live,
                                               UsageService& usage, const Clock& clock, Logger& log,
                                               PortalBackendOptions options)
    : io_(io), store_(store), router_(router), live_(live), usage_(usage), clock_(clock), log_(log),
      options_(options) {}

std::shared_ptr<const AppliancePortalBackend::Catalogue> AppliancePortalBackend::catalogue() {
  std::lock_guard lock(catalogue_mu_);
  const MonoTime now = clock_.monotonic_now();
  if (catalogue_ && now - catalogue_->loaded < options_.cache_for) return catalogue_;
  auto fresh = std::make_shared<Catalogue>();
  portal::Branding& brand = fresh->branding;
  brand.name = setting_or(store_, kBrandNameSetting, validate_brand_name, brand.name);
  brand.welcome = setting_or(store_, kBrandWelcomeSetting, validate_brand_welcome, "");
  brand.primary_colour =
      setting_or(store_, kBrandColourSetting, validate_brand_colour, brand.primary_colour);
  brand.support_phone =
      setting_or(store_, kBrandSupportPhoneSetting, validate_support_phone, "");
  auto plans = store_.plans().list(/*include_disabled=*/false);
  if (!plans) {
    log_.error(kModule, "PORTAL_PLANS_UNREADABLE", plans.error().message);
    return catalogue_ ? catalogue_ : std::make_shared<const Catalogue>();  // the last good one
  }
  for (const Plan& p : *plans) fresh->offers.push_back(offer_of(p));
  fresh->loaded = now;
  catalogue_ = fresh;
  return fresh;
}

portal::Branding AppliancePortalBackend::branding() { return catalogue()->branding; }
std::vector<portal::PlanOffer> AppliancePortalBackend::offers() { return catalogue()->offers; }

portal::TicketView AppliancePortalBackend::view(const Plan& plan, const Ticket& ticket, bool online) {
  const Allowance left = remaining_allowance(plan, ticket, usage_.sweep_time());
  portal::TicketView v;
  v.code = ticket.code;
  v.plan_name = plan.name;
  v.state = ticket_state_name(ticket.state);
  if (left.time_left) v.seconds_left = left.time_left->count();
  v.bytes_left = left.bytes_left;
  v.online = online;
  return v;
}

std::optional<portal::TicketView> AppliancePortalBackend::view_of(const Ticket& ticket, bool online) {
  auto plan = store_.plans().find(ticket.plan_id);
  if (!plan) return std::nullopt;
  return view(*plan, ticket, online);
}

portal::RedeemResult AppliancePortalBackend::redeem(std::string_view typed_code,
                                                    const portal::DeviceContext& device) {
  portal::RedeemResult result;
  std::string code;
  VoucherCodeError why;
  if (!check_voucher_code(typed_code, code, why)) {
    result.outcome = why.problem == VoucherCodeProblem::bad_check ? portal::RedeemOutcome::mistyped
                                                                  : portal::RedeemOutcome::malformed;
    return result;
  }
  auto ticket = store_.tickets().find_by_code(code);
  if (!ticket) {
    if (ticket.error().code == Errc::not_found) {
      result.outcome = portal::RedeemOutcome::unknown;
    } else {
      log_.error(kModule, "PORTAL_BOOKS_UNREADABLE", ticket.error().message);
      result.outcome = portal::RedeemOutcome::router_down;  // "nothing was used; try again"
    }
    return result;
  }
  auto plan = store_.plans().find(ticket->plan_id);
  if (!plan) {
    log_.error(kModule, "PORTAL_PLAN_MISSING", plan.error().message);
    result.outcome = portal::RedeemOutcome::router_down;
    return result;
  }
  return use_ticket(*plan, std::move(*ticket), device);
}

portal::RedeemResult AppliancePortalBackend::use_ticket(const Plan& plan, Ticket ticket,
                                                        const portal::DeviceContext& device) {
  portal::RedeemResult result;
  result.ticket = view(plan, ticket, false);
  if (auto ended = ended_outcome(ticket.state)) {
    result.outcome = *ended;
    return result;
  }
  // Used up but not yet swept: say so now rather than put the phone online for a moment.
  if (auto ended = used_up(plan, ticket, usage_.sweep_time())) {
    result.outcome = *ended;
    return result;
  }
  if (device.mac.empty() || device.ip.empty()) {
    result.outcome = portal::RedeemOutcome::no_device;
    return result;
  }
  std::set<std::string> other_devices;
  for (const auto& s : live_.of_user(ticket.code)) {
    if (s.mac_address != device.mac) other_devices.insert(s.mac_address);
  }
  if (static_cast<int>(other_devices.size()) >= plan.shared_devices) {
    result.outcome = portal::RedeemOutcome::device_limit;
    return result;
  }
  return put_online(plan, std::move(ticket), device);
}

portal::RedeemResult AppliancePortalBackend::put_online(const Plan& plan, Ticket ticket,
                                                        const portal::DeviceContext& device) {
  portal::RedeemResult result;
  DeviceLoginRequest request{plan, ticket, device.mac, device.ip};
  using Answer = std::pair<DeviceLoginOutcome, std::string>;
  auto answer = call_on_loop<Answer>(io_, options_.router_deadline, [this, request](auto reply) {
    auto session = router_.session();
    if (!session) return reply({DeviceLoginOutcome::router_down, "the router is not connected"});
    routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
    log_device_in(router, request, [reply](DeviceLoginOutcome o, std::string why) {
      reply({o, std::move(why)});
    });
  });
  const DeviceLoginOutcome outcome = answer ? answer->first : DeviceLoginOutcome::router_down;
  if (outcome == DeviceLoginOutcome::router_down) {
    log_.warning(kModule, "PORTAL_ROUTER_DOWN",
                 "could not put " + device.mac + " online on " + code_hint(ticket.code) + ": " +
                     (answer ? answer->second : "no answer in time"));
    result.outcome = portal::RedeemOutcome::router_down;
    result.ticket = view(plan, ticket, false);
    return result;
  }
  if (ticket.state == TicketState::issued) {
    auto active = store_.tickets().activate(ticket.id, clock_.wall_now(), kActor);
    if (!active) {
      // Online but not recorded: take the phone off again rather than give away the time.
      log_.error(kModule, "PORTAL_ACTIVATION_FAILED", active.error().message);
      kick_on_loop("", ticket.code);
      result.outcome = portal::RedeemOutcome::router_down;
      return result;
    }
    ticket = *active;
  }
  if (outcome == DeviceLoginOutcome::login_refused) {
    log_.info(kModule, "PORTAL_LOGIN_BY_FORM",
              device.mac + " on " + code_hint(ticket.code) + ": " + answer->second);
    result.outcome = portal::RedeemOutcome::login_by_form;
    result.username = ticket.code;
    result.password = ticket.code;
  } else {
    live_.note_login(ticket.code, device.mac, device.ip);
    log_.info(kModule, "PORTAL_DEVICE_ONLINE", device.mac + " on " + code_hint(ticket.code));
    result.outcome = portal::RedeemOutcome::logged_in;
  }
  result.ticket = view(plan, ticket, outcome != DeviceLoginOutcome::login_refused);
  return result;
}

std::optional<portal::RedeemResult> AppliancePortalBackend::welcome_back(
    const portal::DeviceContext& device, const std::function<bool()>& before_router) {
  if (device.mac.empty()) return std::nullopt;
  if (auto online = live_.by_mac(device.mac)) {
    auto ticket = store_.tickets().find_by_code(online->user);
    if (ticket && ticket->state == TicketState::active) {
      portal::RedeemResult result;
      result.outcome = portal::RedeemOutcome::logged_in;
      result.ticket = view_of(*ticket, true);
      return result;
    }
  }
  if (device.ip.empty()) return std::nullopt;
  const std::uint64_t commits = store_.commits();
  const MonoTime now = clock_.monotonic_now();
  if (nothing_to_welcome_back_.holds(device.mac, commits, now)) return std::nullopt;
  auto recent = store_.sessions().recent_for_mac(device.mac, 5);
  if (!recent) return std::nullopt;
  std::set<std::int64_t> tried;
  bool read_all = true;  // a failed read is no proof that there is nothing to welcome back
  for (const auto& session : *recent) {
    if (!tried.insert(session.ticket_id).second) continue;
    auto ticket = store_.tickets().find(session.ticket_id);
    if (!ticket) read_all = false;
    if (!ticket || ticket->state != TicketState::active) continue;
    auto plan = store_.plans().find(ticket->plan_id);
    if (!plan) {
      read_all = false;
      continue;
    }
    if (used_up(*plan, *ticket, usage_.sweep_time())) continue;
    if (before_router && before_router()) return std::nullopt;
    portal::RedeemResult result = put_online(*plan, *ticket, device);
    if (result.outcome == portal::RedeemOutcome::logged_in ||
        result.outcome == portal::RedeemOutcome::login_by_form) {
      log_.info(kModule, "PORTAL_WELCOME_BACK", device.mac + " on " + code_hint(ticket->code));
      return result;
    }
    return std::nullopt;  // the router is down or refused: show the page, the code still works
  }
  if (read_all) nothing_to_welcome_back_.remember(device.mac, commits, now);
  return std::nullopt;
}

std::optional<portal::TicketView> AppliancePortalBackend::status(std::string_view code,
                                                                 std::string_view client_ip) {
  std::string user(code);
  auto here = client_ip.empty() ? std::nullopt : live_.by_ip(client_ip);
  if (user.empty() && here) user = here->user;
  if (user.empty()) return std::nullopt;
  auto ticket = store_.tickets().find_by_code(user);
  if (!ticket) return std::nullopt;
  const bool online = here ? here->user == ticket->code : !live_.of_user(ticket->code).empty();
  return view_of(*ticket, online);
}

bool AppliancePortalBackend::logout(std::string_view code, std::string_view client_ip) {
  std::string canonical;
  if (!code.empty()) {
    auto normalised = normalize_voucher_code(code);
    if (!normalised) return false;
    canonical = *normalised;
  }
  auto here = client_ip.empty() ? std::nullopt : live_.by_ip(client_ip);
  if (here && !canonical.empty() && here->user != canonical) return false;  // not this phone's ticket
  if (!here && !canonical.empty()) {
    // The request did not come from the phone's hotspot address (a proxy or NAT between the
    // phone and the portal): the browser holding the ticket's cookie is that ticket's phone when
    // the ticket has exactly one session. With several, which one is this cannot be told.
    auto sessions = live_.of_user(canonical);
    if (sessions.size() == 1) here = sessions.front();
  }
  if (!here) return false;
  const bool kicked = kick_on_loop(here->id, here->user);
  if (kicked) {
    live_.forget(here->mac_address);
    log_.info(kModule, "PORTAL_LOGGED_OUT", here->mac_address + " off " + code_hint(here->user));
  }
  return kicked;
}

// Ends the session `active_id`, or without one (a login not yet polled) every session of `user`.
bool AppliancePortalBackend::kick_on_loop(const std::string& active_id, const std::string& user) {
  auto answer = call_on_loop<bool>(io_, options_.router_deadline, [this, active_id, user](auto reply) {
    auto session = router_.session();
    if (!session) return reply(false);
    routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
    if (!active_id.empty()) {
      return router.kick(active_id, [reply](routeros::RouterResult<void> r) { reply(r.ok()); });
    }
    router.kick_user(user, [reply](routeros::RouterResult<std::size_t> r) { reply(r.ok()); });
  });
  if (answer && *answer) usage_.poll_soon();
  return answer.value_or(false);
}

}  // namespace hotspot::daemon
