// Buying a ticket with M-PESA: POST /buy starts the push, GET /buy/wait follows it until it
// settles and puts the phone online, POST /paid is "I paid but I'm not online".

#include <httplib.h>

#include "core/phone.h"
#include "portal/html.h"
#include "portal/purchase_pages.h"
#include "portal/request.h"
#include "portal/routes.h"

namespace hotspot::portal {
namespace {

// Longer than any way of writing a Kenyan number ("+254 (0) 712-345-678" is 20).
constexpr std::size_t kMaxTypedPhone = 32;
// An M-PESA receipt is 10 characters, a phone number at most about 20.
constexpr std::size_t kMaxTypedReceipt = 32;

std::string bounded(std::string text, std::size_t limit) {
  if (text.size() > limit) text.resize(limit);
  return text;
}

std::string_view start_outcome_name(PurchaseStartOutcome outcome) {
  switch (outcome) {
    case PurchaseStartOutcome::started: return "started";
    case PurchaseStartOutcome::unavailable: return "unavailable";
    case PurchaseStartOutcome::unknown_plan: return "unknown_plan";
    case PurchaseStartOutcome::invalid_phone: return "invalid_phone";
    case PurchaseStartOutcome::phone_busy: return "phone_busy";
    case PurchaseStartOutcome::too_many_attempts: return "too_many_attempts";
    case PurchaseStartOutcome::no_device: return "no_device";
    case PurchaseStartOutcome::failed: return "failed";
  }
  return "failed";
}

// The sentence for a purchase that did not start.
std::string start_message(Lang lang, const PurchaseStart& start) {
  const std::string wait = std::to_string(std::max<std::int64_t>(start.wait_seconds, 1));
  switch (start.outcome) {
    case PurchaseStartOutcome::unavailable: return std::string(text(lang, Text::buy_unavailable));
    case PurchaseStartOutcome::unknown_plan: return std::string(text(lang, Text::buy_unknown_plan));
    case PurchaseStartOutcome::invalid_phone:
      return std::string(text(lang, Text::buy_invalid_phone));
    case PurchaseStartOutcome::phone_busy: return text_with(lang, Text::buy_phone_busy, "n", wait);
    case PurchaseStartOutcome::too_many_attempts:
      return text_with(lang, Text::buy_too_many, "n", wait);
    case PurchaseStartOutcome::no_device: return std::string(text(lang, Text::redeem_no_device));
    case PurchaseStartOutcome::started:
    case PurchaseStartOutcome::failed: break;
  }
  return std::string(text(lang, Text::buy_failed));
}

// What the portal can tell without the backend: a plan id that is not one, a phone that is not
// Kenyan. nullopt when the backend should be asked.
std::optional<PurchaseStartOutcome> refused_unasked(const std::optional<std::int64_t>& plan,
                                                    const std::string& phone) {
  if (!plan) return PurchaseStartOutcome::unknown_plan;
  if (phone.size() > kMaxTypedPhone || !parse_kenyan_phone(phone).ok()) {
    return PurchaseStartOutcome::invalid_phone;
  }
  return std::nullopt;
}

std::string wait_query(std::string_view key, const RouterFields& fields) {
  std::string query = "k=" + url_encode(key);
  if (std::string rest = router_fields_query(fields); !rest.empty()) query += "&" + rest;
  return query;
}

}  // namespace

void PortalRoutes::buy(const httplib::Request& req, httplib::Response& res) {
  const RouterFields fields = fields_of(req);
  const PageFrame page = frame(req, res, "/", router_fields_query(fields));
  const std::string phone = req.get_param_value("phone");
  const auto plan = parse_plan_id(req.get_param_value("plan"));

  PurchaseStart start;
  if (auto refused = refused_unasked(plan, phone)) {
    start.outcome = *refused;
  } else {
    start = backend_.start_purchase(PurchaseRequest{*plan, phone, fields.device});
    if (start.outcome == PurchaseStartOutcome::started && !is_purchase_key(start.key)) {
      logger_.error(kLogModule, "PORTAL_PURCHASE_BAD_KEY",
                    "the backend started a purchase under a key the portal cannot carry");
      start.outcome = PurchaseStartOutcome::failed;
    }
  }
  const std::string what = "plan " + (plan ? std::to_string(*plan) : std::string("-")) + " " +
                           std::string(start_outcome_name(start.outcome)) + ": " +
                           device_summary(fields.device);
  if (start.outcome == PurchaseStartOutcome::started) {
    logger_.info(kLogModule, "PORTAL_PURCHASE_STARTED", what);
    res.set_header("Cache-Control", "no-store");
    res.set_redirect("/buy/wait?" + wait_query(start.key, fields), 303);
    return;
  }
  logger_.info(kLogModule, "PORTAL_PURCHASE_REFUSED", what);

  int status = 200;
  if (start.outcome == PurchaseStartOutcome::too_many_attempts) {
    status = 429;
    res.set_header("Retry-After", std::to_string(std::max<std::int64_t>(start.wait_seconds, 1)));
  } else if (start.outcome == PurchaseStartOutcome::unavailable ||
             start.outcome == PurchaseStartOutcome::failed) {
    status = 503;
  }
  LandingView view;
  view.fields = fields;
  view.typed_phone = bounded(phone, kMaxTypedPhone);
  view.buy_message = start_message(page.lang, start);
  show_landing(res, status, page, std::move(view));
}

void PortalRoutes::buy_wait(const httplib::Request& req, httplib::Response& res) {
  const RouterFields fields = fields_of(req);
  const std::string key = req.get_param_value("k");
  const bool well_formed = is_purchase_key(key);
  const PageFrame page = well_formed ? frame(req, res, "/buy/wait", wait_query(key, fields))
                                     : frame(req, res, "/", router_fields_query(fields));
  const auto purchase =
      well_formed ? backend_.purchase(key, fields.device, page.lang) : std::nullopt;
  if (!purchase) {
    send_page(res, 404,
              render_message(page, Text::sorry_title, text(page.lang, Text::purchase_not_found)),
              true);
    return;
  }
  const PurchasePlace place{key, fields};
  switch (purchase->stage) {
    case PurchaseStage::sending:
    case PurchaseStage::waiting:
      res.set_header("Content-Security-Policy", std::string(kWaitPageSecurityPolicy));
      send_page(res, 200, render_purchase_waiting(page, *purchase, place), true);
      return;
    case PurchaseStage::paid: answer_paid(res, page, fields, key, *purchase); return;
    case PurchaseStage::failed:
      send_page(res, 200, render_purchase_failed(page, *purchase, place), true);
      return;
    case PurchaseStage::unknown:
      send_page(res, 200, render_purchase_unknown(page, *purchase, place), true);
      return;
  }
  send_page(res, 200, render_purchase_unknown(page, *purchase, place), true);
}

void PortalRoutes::answer_paid(httplib::Response& res, const PageFrame& page,
                               const RouterFields& fields, const std::string& key,
                               const PurchaseView& purchase) {
  const DeviceContext& device = fields.device;
  const std::optional<RedeemResult>& login = purchase.login;
  if (login && login->ticket) remember_code(res, *login->ticket);
  const RedeemOutcome outcome = login ? login->outcome : RedeemOutcome::router_down;
  logger_.info(kLogModule, "PORTAL_PURCHASE_PAID",
               "purchase " + code_hint(key) + " paid, login " +
                   std::string(login ? outcome_name(outcome) : "pending") + ": " +
                   device_summary(device));

  if (outcome == RedeemOutcome::logged_in) {
    const std::string href = device.link_orig.empty() ? std::string("/status") : device.link_orig;
    send_page(res, 200, render_purchase_online(page, purchase, href), true);
    return;
  }
  if (outcome == RedeemOutcome::login_by_form && !device.link_login_only.empty()) {
    LoginFormView form = login_form(device, *login);
    form.details_html = "<section><h2>" + html_escape(text(page.lang, Text::paid_title)) +
                        "</h2>" + purchase_details(page.lang, purchase) + "</section>";
    res.set_header("Content-Security-Policy", std::string(kLoginFormSecurityPolicy));
    send_page(res, 200, render_login_form(page, form), true);
    return;
  }
  // Not online yet: the router is down, the plan's devices are all in use, or the request did
  // not come through the router's login page (then there is no form to post either).
  const std::string_view sentence =
      !login ? std::string_view()
      : outcome == RedeemOutcome::login_by_form ? text(page.lang, Text::redeem_no_device)
                                                : redeem_message(page.lang, outcome);
  send_page(res, 200, render_purchase_paid(page, purchase, sentence, PurchasePlace{key, fields}),
            true);
}

void PortalRoutes::paid(const httplib::Request& req, httplib::Response& res) {
  const RouterFields fields = fields_of(req);
  const PageFrame page = frame(req, res, "/", router_fields_query(fields));
  const std::string typed = req.get_param_value("receipt");
  const std::vector<std::string> keys = guess_keys(fields);
  if (refuse_if_locked(res, page, keys, "receipt " + code_hint(typed))) return;

  LandingView view;
  view.fields = fields;
  view.typed_receipt = bounded(typed, kMaxTypedReceipt);
  if (typed.empty() || typed.size() > kMaxTypedReceipt) {
    view.paid_message = text(page.lang, Text::paid_malformed);
    show_landing(res, 200, page, std::move(view));
    return;
  }
  const RedeemResult result = backend_.claim_payment(typed, fields.device);
  const std::string what = "receipt " + code_hint(typed) + " " +
                           std::string(outcome_name(result.outcome)) + ": " +
                           device_summary(fields.device);
  if (answer_login(res, page, fields, result)) {
    for (const std::string& key : keys) limiter_.record_success(key);
    logger_.info(kLogModule, "PORTAL_PAYMENT_CLAIMED", what);
    return;
  }
  if (counts_as_guess(result.outcome)) {
    for (const std::string& key : keys) limiter_.record_failure(key);
  }
  logger_.info(kLogModule, "PORTAL_PAYMENT_CLAIM_REFUSED", what);
  // Neither a receipt nor a phone number: the voucher sentence would speak of codes.
  view.paid_message = result.outcome == RedeemOutcome::malformed
                          ? text(page.lang, Text::paid_malformed)
                          : redeem_message(page.lang, result.outcome);
  show_landing(res, 200, page, std::move(view));
}

}  // namespace hotspot::portal
