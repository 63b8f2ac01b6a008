#pragma once
// The portal's routes: landing page, voucher redemption, buying with M-PESA (its handlers are in
// purchase_routes.cpp), status, logout, the RFC 8908 API. Each handler turns the request into
// checked fields, asks the backend, and renders a page; every failure becomes a sentence for the
// customer.

#include <string>
#include <string_view>
#include <vector>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/log.h"
#include "portal/backend.h"
#include "portal/device_fields.h"
#include "portal/pages.h"
#include "portal/request_gate.h"
#include "portal/server.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace hotspot::portal {

inline constexpr std::string_view kLogModule = "portal";

// The first two characters of a code and an ellipsis: enough to tell codes apart in a log,
// too little to use one.
std::string code_hint(std::string_view typed_code);

// The sentence for a refused redemption (empty for the two outcomes that log in).
std::string_view redeem_message(Lang lang, RedeemOutcome outcome);
// Refusals that may be someone guessing codes, which count toward the lockout.
bool counts_as_guess(RedeemOutcome outcome);
// "mac AA:.. ip 10.5.50.7 from 10.5.50.7", for log lines.
std::string device_summary(const DeviceContext& device);
// The outcome's name for log lines.
std::string_view outcome_name(RedeemOutcome outcome);

class PortalRoutes {
 public:
  PortalRoutes(PortalBackend& backend, const Clock& clock, Logger& logger,
               const PortalOptions& options);

  // Every handler passes `gate` first; once it is closed, `closed` answers instead.
  using ClosedHandler = void (*)(const httplib::Request&, httplib::Response&);
  void install(httplib::Server& server, RequestGate& gate, ClosedHandler closed);
  // The frame of a page for this request: language (remembered when asked for), branding.
  PageFrame frame(const httplib::Request& req, httplib::Response& res, std::string_view path,
                  std::string_view query = {});

 private:
  void landing(const httplib::Request& req, httplib::Response& res);
  void redeem(const httplib::Request& req, httplib::Response& res);
  void buy(const httplib::Request& req, httplib::Response& res);
  void buy_wait(const httplib::Request& req, httplib::Response& res);
  void paid(const httplib::Request& req, httplib::Response& res);
  void status(const httplib::Request& req, httplib::Response& res);
  void logout(const httplib::Request& req, httplib::Response& res);
  void captive_api(const httplib::Request& req, httplib::Response& res);
  void health(const httplib::Request& req, httplib::Response& res);

  RouterFields fields_of(const httplib::Request& req) const;
  // Keeps the router's MAC and IP in a cookie when this request carries them.
  static void remember_device(const httplib::Request& req, httplib::Response& res,
                              const RouterFields& fields);
  // Answers a redemption that logged in (a redirect, or the router's login form to post);
  // false, with nothing written, for a refusal.
  bool answer_login(httplib::Response& res, const PageFrame& page, const RouterFields& fields,
                    const RedeemResult& result);
  void show_landing(httplib::Response& res, const PageFrame& page, const RouterFields& fields,
                    std::string typed_code, std::string message);
  void show_landing(httplib::Response& res, int status, const PageFrame& page, LandingView view);
  // The lockout keys of a device that may be guessing (its address, and its MAC when known).
  static std::vector<std::string> guess_keys(const RouterFields& fields);
  // Answers 429 when one of `keys` is locked out; false, with nothing written, otherwise.
  bool refuse_if_locked(httplib::Response& res, const PageFrame& page,
                        const std::vector<std::string>& keys, std::string_view what);
  // The router's login form for a result that says login_by_form, CHAP applied when it can be.
  static LoginFormView login_form(const DeviceContext& device, const RedeemResult& result);
  // The hs_code cookie for a ticket the phone was just logged in on.
  static void remember_code(httplib::Response& res, const TicketView& ticket);
  // buy_wait for each stage of a purchase that exists.
  void answer_paid(httplib::Response& res, const PageFrame& page, const RouterFields& fields,
                   const std::string& key, const PurchaseView& purchase);

  PortalBackend& backend_;
  Logger& logger_;
  const PortalOptions& options_;
  AttemptLimiter limiter_;
};

}  // namespace hotspot::portal
