#pragma once
// The dashboard's routes:
//   GET  /login, POST /login     sign in (a wait after 5 wrong passwords per address or user)
//   POST /logout                 sign out
//   GET  /                       overview: the router's health as the daemon last recorded it
//   GET  /router/provision       owners: the form for the router's setup script
//   POST /router/provision       owners: the script (.rsc) or login.html, as a download
//   GET  /healthz                "ok"
// Pages need a session; every POST after sign-in carries the session's form token.

#include <mutex>
#include <optional>
#include <string>

#include "core/attempt_limiter.h"
#include "core/clock.h"
#include "core/log.h"
#include "portal/dashboard/backend.h"
#include "portal/dashboard/sessions.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace hotspot::dashboard {

inline constexpr std::string_view kLogModule = "dashboard";
inline constexpr std::string_view kSessionCookie = "hs_dash";

class DashboardRoutes {
 public:
  DashboardRoutes(DashboardBackend& backend, const Clock& clock, Logger& logger,
                  SessionTable::Options sessions, AttemptLimiter::Options attempts);
  void install(httplib::Server& http);

 private:
  std::optional<SignedInUser> signed_in(const httplib::Request& req);
  // The user of a page, or nullopt after answering (a redirect to sign in; for a POST without
  // the session's form token, 403).
  std::optional<SignedInUser> require_user(const httplib::Request& req, httplib::Response& res);
  bool require_owner(const SignedInUser& user, httplib::Response& res);

  void sign_in_page(const httplib::Request& req, httplib::Response& res);
  void sign_in(const httplib::Request& req, httplib::Response& res);
  void sign_out(const httplib::Request& req, httplib::Response& res);
  void overview(const httplib::Request& req, httplib::Response& res);
  void provision_page(const httplib::Request& req, httplib::Response& res);
  void provision_download(const httplib::Request& req, httplib::Response& res);

  DashboardBackend& backend_;
  const Clock& clock_;
  Logger& logger_;
  SessionTable sessions_;
  AttemptLimiter attempts_;
  // One password hash at a time: each takes 64 MiB for a quarter of a second on a Raspberry Pi.
  std::mutex hashing_mu_;
};

}  // namespace hotspot::dashboard
