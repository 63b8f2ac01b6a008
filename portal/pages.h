#pragma once
// The portal's pages, rendered on the server as small self-contained HTML5: one inline style,
// no scripts except the one that submits the router's login form and the one that reloads the
// M-PESA waiting page, nothing fetched from elsewhere. Every dynamic string passes through
// html_escape here and in purchase_pages.cpp, and nowhere else.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/backend.h"
#include "portal/device_fields.h"
#include "portal/strings.h"

namespace hotspot::portal {

// What every page shares: language, the provider's branding, and where the switch to the
// other language leads (a path with its query, not yet escaped).
struct PageFrame {
  Lang lang = Lang::en;
  Branding branding;
  std::string switch_href;
};

// A landing page lists at most this many plans (in the backend's order), which keeps it well
// under 30 KB with a purchase form under each.
inline constexpr std::size_t kMaxPlansShown = 20;

struct LandingView {
  std::vector<PlanOffer> offers;
  bool mpesa_available = false;
  RouterFields fields;     // carried in hidden inputs; its router error is shown
  std::string typed_code;  // what the customer typed, kept after a refusal
  std::string message;     // one sentence about the last attempt; may be empty
  // M-PESA: the phone typed for a purchase that did not start, and why (in the buy area).
  std::string typed_phone;
  std::string buy_message;
  // "I paid but I'm not online": what was typed, and why it did not log in.
  std::string typed_receipt;
  std::string paid_message;
};

// The router's login form, for the phone to post itself (routeros.md §3.3).
struct LoginFormView {
  std::string action;    // link-login-only
  std::string username;
  std::string password;  // already hashed when CHAP applies
  std::string dst;       // link-orig; may be empty
  // Already rendered HTML shown above the form (a bought ticket's code and receipt); the form
  // then waits a few seconds before posting itself so that it can be read.
  std::string details_html;
};

// How long the login form holds a page with details before posting itself.
inline constexpr int kLoginFormDetailsDelayMs = 4000;

// "#rrggbb" as given, or the default colour when it is anything else.
std::string safe_colour(std::string_view colour);
// "mac=..&ip=..": the router's fields as a query string, for links that must keep them.
std::string router_fields_query(const RouterFields& fields);

std::string render_landing(const PageFrame& frame, const LandingView& view);
std::string render_login_form(const PageFrame& frame, const LoginFormView& view);
std::string render_status(const PageFrame& frame, const TicketView& ticket);
// `ended`: whether the router ended a session; when not, the page says the phone was not online.
std::string render_logged_out(const PageFrame& frame, bool ended,
                              const std::optional<TicketView>& ticket);
// A page with one sentence and a link back to the start: errors, "no ticket", lockouts.
std::string render_message(const PageFrame& frame, Text title, std::string_view sentence);

// Pieces for the other page files. `head` is markup for the head, already safe; `body` too.
std::string render_page(const PageFrame& frame, std::string_view title, std::string_view body,
                        std::string_view head = {});
// A hidden input, or nothing when `value` is empty.
std::string hidden_input(std::string_view name, std::string_view value);
// The router's fields as hidden inputs, for every form that must carry them.
std::string router_hidden_fields(const RouterFields& fields);
// A highlighted sentence (role=alert), or nothing when it is empty.
std::string message_box(std::string_view sentence);
// A button-styled link back to the start.
std::string home_link(Lang lang);

}  // namespace hotspot::portal
