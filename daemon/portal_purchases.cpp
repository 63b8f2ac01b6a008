// The portal's M-PESA side of AppliancePortalBackend: starting a purchase, the waiting page's
// view of it, putting the paying device online, and "I paid but I'm not online".

#include "core/phone.h"
#include "daemon/portal_backend.h"
#include "payments/daraja/callback.h"
#include "payments/daraja/outcomes.h"
#include "storage/plans.h"
#include "storage/tickets.h"

namespace hotspot::daemon {
namespace {

namespace daraja = payments::daraja;
using storage::Payment;
using storage::PaymentState;

constexpr std::string_view kModule = "portal";
constexpr std::size_t kMaxPurchaseKey = 64;
// "I paid" by phone number finds payments this recent: a ticket bought last week is long used.
constexpr long long kClaimByPhoneSeconds = 24 * 3600;

bool bought_a_ticket(const Payment& p) {
  return p.state == PaymentState::paid || (p.state == PaymentState::pending && p.result_code == "0");
}

daraja::Language language_of(portal::Lang lang) {
  return lang == portal::Lang::sw ? daraja::Language::swahili : daraja::Language::english;
}

// What the books' result code means for the customer: a Daraja error code (a refused push,
// "400.002.02") or a ResultCode ("1032").
daraja::PaymentOutcome outcome_of(const Payment& p) {
  if (p.result_code.find('.') != std::string::npos) {
    return daraja::classify_push_refusal({"", p.result_code, p.result_desc});
  }
  return daraja::classify_result_code(p.result_code);
}

// "0712 *** 678": the customer recognises their number; a passer-by learns little.
std::string shown_phone(const std::string& msisdn) {
  if (msisdn.size() != 12) return "";
  return "0" + msisdn.substr(3, 3) + " *** " + msisdn.substr(9);
}

}  // namespace

bool AppliancePortalBackend::mpesa_available() { return payments_ && payments_->available(); }

portal::PurchaseStart AppliancePortalBackend::start_purchase(const portal::PurchaseRequest& request) {
  if (!payments_) return {portal::PurchaseStartOutcome::unavailable, {}, 0};
  return payments_->start_purchase(request);
}

std::optional<portal::PurchaseView> AppliancePortalBackend::purchase(
    std::string_view key, const portal::DeviceContext& device, portal::Lang lang) {
  if (key.empty() || key.size() > kMaxPurchaseKey) return std::nullopt;
  auto payment = store_.payments().find_by_purchase_key(key);
  if (!payment) return std::nullopt;
  portal::PurchaseView v;
  auto plan = store_.plans().find(payment->plan_id);
  v.plan_name = plan ? plan->name : "";
  v.amount_kes = payment->amount_kes;
  v.phone_masked = shown_phone(payment->phone);
  v.receipt = payment->receipt.value_or("");
  const daraja::Language language = language_of(lang);
  switch (payment->state) {
    case PaymentState::initiated:
      v.stage = portal::PurchaseStage::sending;
      break;
    case PaymentState::pending:
    case PaymentState::paid:
      if (!bought_a_ticket(*payment) || !payment->ticket_id) {
        // Still deciding, or paid with the ticket a moment away: the page asks again.
        v.stage = portal::PurchaseStage::waiting;
        break;
      }
      v.stage = portal::PurchaseStage::paid;
      v.login = paid_login(*payment, device);
      break;
    case PaymentState::failed: {
      const auto outcome = outcome_of(*payment);
      v.stage = portal::PurchaseStage::failed;
      v.message = std::string(daraja::customer_message(outcome, language));
      v.can_retry = daraja::customer_can_retry(outcome);
      break;
    }
    case PaymentState::unknown:
      v.stage = portal::PurchaseStage::unknown;
      v.message = std::string(daraja::unconfirmed_message(language));
      break;
  }
  return v;
}

portal::RedeemResult AppliancePortalBackend::paid_login(const Payment& payment,
                                                        const portal::DeviceContext& device) {
  portal::RedeemResult result;
  auto ticket = store_.tickets().find(*payment.ticket_id);
  auto plan = ticket ? store_.plans().find(ticket->plan_id) : Result<Plan>(ticket.error());
  if (!ticket || !plan) {
    log_.error(kModule, "PORTAL_PAID_TICKET_UNREADABLE",
               "payment " + std::to_string(payment.id) + ": " +
                   (ticket ? plan.error().message : ticket.error().message));
    result.outcome = portal::RedeemOutcome::router_down;
    return result;
  }
  // Already online on it (put there when the payment settled): nothing to ask the router.
  if (!device.mac.empty()) {
    if (auto online = live_.by_mac(device.mac); online && online->user == ticket->code) {
      result.outcome = portal::RedeemOutcome::logged_in;
      result.ticket = view(*plan, *ticket, true);
      return result;
    }
  }
  return use_ticket(*plan, std::move(*ticket), device);
}

bool AppliancePortalBackend::put_payment_online(const Payment& payment,
                                                const storage::SaleReceipt& sale) {
  if (payment.device_mac.empty() || payment.device_ip.empty()) return false;
  // As the books hold it now: a retry may come after the waiting page put the phone online.
  auto ticket = store_.tickets().find(sale.ticket.id);
  if (!ticket) return false;
  if (auto online = live_.by_mac(payment.device_mac); online && online->user == ticket->code) {
    return false;
  }
  auto plan = store_.plans().find(ticket->plan_id);
  if (!plan) return false;
  portal::DeviceContext device;
  device.mac = payment.device_mac;
  device.ip = payment.device_ip;
  const auto result = use_ticket(*plan, std::move(*ticket), device);
  const bool router_down = result.outcome == portal::RedeemOutcome::router_down;
  log_.info(kModule, "PORTAL_PAID_DEVICE_LOGIN",
            "payment " + std::to_string(payment.id) + " on " + device.mac + ": " +
                (result.outcome == portal::RedeemOutcome::logged_in
                     ? "online"
                     : router_down ? "not online yet, the router did not answer; trying again"
                                   : "not online; the waiting page or the code will try again"));
  return router_down;
}

portal::RedeemResult AppliancePortalBackend::claim_payment(std::string_view receipt_or_phone,
                                                           const portal::DeviceContext& device) {
  portal::RedeemResult result;
  result.outcome = portal::RedeemOutcome::malformed;
  std::string typed;
  for (char c : receipt_or_phone) {
    if (c != ' ' && c != '-') typed.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  std::optional<Payment> found;
  // "0712345678" is ten letters-or-digits too: a phone number first, since every M-PESA receipt
  // starts with a letter.
  const auto phone = parse_kenyan_phone(receipt_or_phone);
  if (!phone && daraja::looks_like_receipt(typed)) {
    auto by_receipt = store_.payments().find_by_receipt(typed);
    if (by_receipt) found = std::move(*by_receipt);
  } else if (phone) {
    const long long since = to_unix_seconds(clock_.wall_now()) - kClaimByPhoneSeconds;
    auto recent = store_.payments().for_phone(phone->msisdn, since);
    if (recent) {
      // The newest payment that bought a ticket; else the newest still being decided.
      for (const Payment& p : *recent) {
        if (bought_a_ticket(p) && p.ticket_id) {
          found = p;
          break;
        }
        // Unknown too: the customer may well have paid, and a late callback may still say so.
        if (!found && (p.state == PaymentState::pending || p.state == PaymentState::initiated ||
                       p.state == PaymentState::unknown)) {
          found = p;
        }
      }
    }
  } else {
    return result;  // neither a receipt nor a phone number
  }
  if (!found) {
    result.outcome = portal::RedeemOutcome::no_payment;
    return result;
  }
  if (!bought_a_ticket(*found) || !found->ticket_id) {
    result.outcome = found->state == PaymentState::failed ? portal::RedeemOutcome::no_payment
                                                          : portal::RedeemOutcome::payment_not_settled;
    return result;
  }
  log_.info(kModule, "PORTAL_PAYMENT_CLAIMED",
            "payment " + std::to_string(found->id) + " claimed from " +
                (device.mac.empty() ? std::string("-") : device.mac));
  return paid_login(*found, device);
}

}  // namespace hotspot::daemon
