#pragma once
// The pages of an M-PESA purchase: waiting for the PIN, paid (online or not yet), not paid,
// no answer from M-PESA, and the "I paid but I'm not online" form. Like pages.cpp, every
// dynamic string passes through html_escape.

#include <string>
#include <string_view>

#include "portal/backend.h"
#include "portal/device_fields.h"
#include "portal/pages.h"

namespace hotspot::portal {

// The waiting page reloads itself with this script (every 2 s), allowed by its hash alone;
// without JavaScript, a meta refresh every kWaitRefreshSeconds and a Refresh button do it.
inline constexpr std::string_view kWaitReloadScript =
    "setTimeout(function(){location.reload()},2000);";
inline constexpr int kWaitRefreshSeconds = 4;
// base64 of the SHA-256 of kWaitReloadScript (a test checks that they match).
inline constexpr std::string_view kWaitReloadScriptHash =
    "sha256-ibRy8PaOfviVSb60e3kDekjiaQ8I9cZeHmzwE4ml7P0=";
// Browsers that know script hashes (CSP level 2: Chrome 40, Android 5 and later) run only that
// script and ignore 'unsafe-inline' beside it; older ones, which would otherwise block the
// script and leave the page still (their noscript stays unused), fall back on 'unsafe-inline'.
inline constexpr std::string_view kWaitPageSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'sha256-ibRy8PaOfviVSb60e3kDekjiaQ8I9cZeHmzwE4ml7P0=' 'unsafe-inline'; "
    "img-src data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

// What every purchase page knows besides the purchase: its key and the router's fields, which
// its links and forms carry along.
struct PurchasePlace {
  std::string key;
  RouterFields fields;
};

// The "I paid" form: a receipt code or the phone that paid, posted to /paid.
std::string paid_form(Lang lang, const RouterFields& fields, std::string_view typed);
// The ticket code, the M-PESA receipt (or "will follow") and the plan of a paid purchase.
std::string purchase_details(Lang lang, const PurchaseView& purchase);

// sending, waiting: "check your phone", updating itself.
std::string render_purchase_waiting(const PageFrame& frame, const PurchaseView& purchase,
                                    const PurchasePlace& place);
// paid and online: the code, the receipt, and a Continue link to `continue_href`.
std::string render_purchase_online(const PageFrame& frame, const PurchaseView& purchase,
                                   std::string_view continue_href);
// paid, but the phone is not online yet: `sentence` says why; the code can be used as a voucher,
// and Try again asks once more.
std::string render_purchase_paid(const PageFrame& frame, const PurchaseView& purchase,
                                 std::string_view sentence, const PurchasePlace& place);
// failed: the backend's sentence; Try again (back to the plans) only when it may work.
std::string render_purchase_failed(const PageFrame& frame, const PurchaseView& purchase,
                                   const PurchasePlace& place);
// unknown: the backend's sentence, Refresh, and the "I paid" form.
std::string render_purchase_unknown(const PageFrame& frame, const PurchaseView& purchase,
                                    const PurchasePlace& place);

}  // namespace hotspot::portal
