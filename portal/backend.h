#pragma once
// What the customer portal needs from the rest of the appliance: the plans on sale, branding,
// and the customer's actions (redeem a code, come back, see what is left, log out). The daemon
// implements it over the books and the router; the portal only speaks HTTP and renders pages.
//
// The portal's HTTP workers call it from their own threads: every method is thread-safe and
// returns within a few seconds whatever the router does (a slow or absent router is an answer,
// router_down, never a hang).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/strings.h"

namespace hotspot::portal {

// What the router's login page passed along (routeros.md §3.2), checked by the portal first:
// a field that fails its check is left empty, never passed on as received.
struct DeviceContext {
  std::string mac;              // "AA:BB:CC:DD:EE:FF"
  std::string ip;               // dotted IPv4
  std::string link_login_only;  // an http(s) URL: the router's login form
  std::string link_orig;        // an http(s) URL: where the customer was going
  std::string chap_id;          // decoded bytes (routeros.md §3.2: octal escapes undone)
  std::string chap_challenge;   // decoded bytes
  std::string client_ip;        // the address the HTTP request came from
};

struct Branding {
  std::string name = "Wi-Fi";  // the provider's name, shown as the page title
  std::string welcome;         // one paragraph under it; may be empty
  std::string primary_colour = "#0b5fa5";  // "#rrggbb"; buttons and header
  std::string support_phone;   // shown on error pages when set
};

struct PlanOffer {
  std::int64_t id = 0;
  std::string name;
  std::int64_t price_kes = 0;
  std::optional<std::int64_t> time_allowance_s;
  std::optional<std::uint64_t> data_allowance_bytes;
  std::uint64_t upload_bps = 0;    // 0: unlimited
  std::uint64_t download_bps = 0;  // 0: unlimited
  int devices = 1;
  bool connected_time_only = false;  // the time counts only while online
};

// A ticket as the customer sees it.
struct TicketView {
  std::string code;
  std::string plan_name;
  std::string state;  // "issued", "active", "expired", "exhausted", "revoked"
  std::optional<std::int64_t> seconds_left;  // none: the plan has no time allowance
  std::optional<std::uint64_t> bytes_left;   // none: the plan has no data allowance
  bool online = false;  // this device has a live session on the router
};

enum class RedeemOutcome {
  logged_in,      // the appliance logged the phone in on the router
  login_by_form,  // ready on the router, but the phone must post the login form itself
  mistyped,       // the check character is wrong: a typo
  unknown,        // well-formed, but no such code
  malformed,      // empty, too long, or characters no code has
  expired,
  exhausted,
  revoked,
  device_limit,   // the plan's devices are all online already
  no_device,      // the request carries no MAC and IP: not sent by the router's login page
  router_down,    // the router did not answer; nothing was changed, try again
  no_payment,     // "I paid": no paid M-PESA payment with that receipt or phone number
  payment_not_settled,  // "I paid": the payment is known but M-PESA has not confirmed it yet
};

struct RedeemResult {
  RedeemOutcome outcome = RedeemOutcome::unknown;
  std::optional<TicketView> ticket;  // when the code named a ticket
  // login_by_form: what to post to link_login_only (username and plain password; the portal
  // hashes it with the CHAP id and challenge when it has them).
  std::string username;
  std::string password;
};

// Buying a ticket with M-PESA (STK push). The portal starts a purchase, then shows the waiting
// page keyed by the purchase's `key` (a random secret only this browser holds) until it settles.
struct PurchaseRequest {
  std::int64_t plan_id = 0;
  std::string phone;  // as typed: any common Kenyan form; the backend checks it
  DeviceContext device;
};

enum class PurchaseStartOutcome {
  started,            // the push is on its way; show the waiting page for `key`
  unavailable,        // M-PESA is not set up (or not reachable) at this site
  unknown_plan,       // no such plan on sale
  invalid_phone,      // not a Kenyan mobile number
  phone_busy,         // that phone has a prompt open (or a lost one): wait `wait_seconds`
  too_many_attempts,  // this device or address pushed too often: wait `wait_seconds`
  no_device,          // the request carries no MAC and IP: not sent by the router's login page
  failed,             // the books could not record it; nothing was sent
};

struct PurchaseStart {
  PurchaseStartOutcome outcome = PurchaseStartOutcome::failed;
  std::string key;               // started: names the purchase on the waiting page
  std::int64_t wait_seconds = 0;  // phone_busy, too_many_attempts
};

enum class PurchaseStage {
  sending,   // the push is being sent to Daraja
  waiting,   // the prompt is on the phone: enter the M-PESA PIN
  paid,      // paid, and the ticket issued; see `login`
  failed,    // not paid (cancelled, wrong PIN, ...); `message` says why, `can_retry` if worth it
  unknown,   // no answer from M-PESA in time: the customer may have paid; "I paid" helps
};

struct PurchaseView {
  PurchaseStage stage = PurchaseStage::sending;
  std::string plan_name;
  std::int64_t amount_kes = 0;
  std::string phone_masked;  // "0712 *** 678": enough for the customer to recognise
  std::string receipt;       // paid: the M-PESA receipt (may come after the ticket)
  std::string message;       // failed, unknown: one sentence in the asked language
  bool can_retry = false;    // failed: trying again may work
  // paid: the device put online on the ticket (logged_in or login_by_form with the form's
  // username and password), or why not (router_down, device_limit, no_device, ...); the ticket.
  std::optional<RedeemResult> login;
};

class PortalBackend {
 public:
  virtual ~PortalBackend() = default;

  virtual Branding branding() = 0;
  virtual std::vector<PlanOffer> offers() = 0;
  // Whether "Buy with M-PESA" can be used at this site now.
  virtual bool mpesa_available() = 0;

  // Redeems a code as typed for the device. Submitting the same code twice from the same
  // device is harmless: the second time it is logged in again (or told why not).
  virtual RedeemResult redeem(std::string_view typed_code, const DeviceContext& device) = 0;
  // A phone that comes back to the login page: when it holds a valid ticket (by its MAC), it is
  // logged in again and the result says so; otherwise nullopt and the portal shows the plans.
  // `before_router` is called before the router is asked to log the phone in (the one step that
  // waits); when it returns true, nullopt comes back at once and nothing was changed.
  virtual std::optional<RedeemResult> welcome_back(const DeviceContext& device,
                                                   const std::function<bool()>& before_router) = 0;
  // The ticket of `code` (from the portal's cookie) or, without one, of the device at
  // `client_ip` on the router; nullopt when neither names a ticket.
  virtual std::optional<TicketView> status(std::string_view code, std::string_view client_ip) = 0;
  // Ends the device's session on the router (the ticket keeps what it has left).
  virtual bool logout(std::string_view code, std::string_view client_ip) = 0;

  // Starts an M-PESA purchase: records it and sends the push without waiting for Daraja.
  virtual PurchaseStart start_purchase(const PurchaseRequest& request) = 0;
  // The purchase `key` names, nullopt when it names none. Once it is paid, the device is put
  // online on its ticket (again harmless when it already is).
  virtual std::optional<PurchaseView> purchase(std::string_view key, const DeviceContext& device,
                                               Lang lang) = 0;
  // "I paid but I'm not online": `receipt_or_phone` is an M-PESA receipt code or the phone that
  // paid. When the books have it as paid, the device is put online on the ticket it bought.
  virtual RedeemResult claim_payment(std::string_view receipt_or_phone,
                                     const DeviceContext& device) = 0;
};

}  // namespace hotspot::portal
