#pragma once
// The portal's routes: landing page, voucher redemption, status, logout, the RFC 8908 API.
// Each handler turns the request into checked fields, asks the backend, and renders a page;
// every failure becomes a sentence for the customer.

#include <string>
#include <string_view>

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

  PortalBackend& backend_;
  Logger& logger_;
  const PortalOptions& options_;
  AttemptLimiter limiter_;
};

}  // namespace hotspot::portal
