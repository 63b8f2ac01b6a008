#include "daemon/device_login.h"

#include "routeros/reconcile/desired.h"

namespace hotspot::daemon {
namespace {

constexpr std::string_view kModule = "portal";

// Refusals that mean "the router is fine, but an API login will not do": the form login through
// the phone's browser may still work (routeros.md §3.6: the host must have been seen, and some
// versions refuse the API login outright).
bool is_refusal(const routeros::RouterError& e) { return e.code == routeros::RouterErrc::trap; }

bool says_already_logged_in(const routeros::RouterError& e) {
  for (const auto& trap : e.traps) {
    if (trap.message.find("already logged in") != std::string::npos) return true;
  }
  return false;
}

void login(routeros::HotspotRouter router, const DeviceLoginRequest& request,
           std::function<void(DeviceLoginOutcome, std::string)> done) {
  router.login({request.ticket.code, request.ticket.code, request.mac, request.ip},
               [done](routeros::RouterResult<void> r) {
                 if (r) return done(DeviceLoginOutcome::logged_in, "");
                 if (says_already_logged_in(r.error())) {
                   return done(DeviceLoginOutcome::already_online, r.error().message);
                 }
                 done(is_refusal(r.error()) ? DeviceLoginOutcome::login_refused
                                            : DeviceLoginOutcome::router_down,
                      r.error().message);
               });
}

// The profile first (a user naming a missing profile is refused), then the user, then login.
// Reconciliation may add the same profile or user at the same moment; the loser's add is then
// refused as a duplicate, and one more look finds what the other added.
void ensure_then_log_in(routeros::HotspotRouter router, routeros::ProfileSpec spec,
                        routeros::UserRecord user, DeviceLoginRequest request,
                        std::function<void(DeviceLoginOutcome, std::string)> done, int retries) {
  auto again = [=](const routeros::RouterError& e) {
    if (retries > 0 && e.code == routeros::RouterErrc::trap) {
      ensure_then_log_in(router, spec, user, request, done, retries - 1);
      return true;
    }
    return false;
  };
  router.ensure_profile(spec, [=](routeros::RouterResult<routeros::EnsureOutcome> profile) mutable {
    if (!profile) {
      if (again(profile.error())) return;
      router.logger().warning(kModule, "PORTAL_PROFILE_NOT_ENSURED", profile.error().message);
      return done(DeviceLoginOutcome::router_down, profile.error().message);
    }
    router.ensure_user(user, [=](routeros::RouterResult<routeros::EnsureOutcome> ensured) mutable {
      if (!ensured) {
        if (again(ensured.error())) return;
        router.logger().warning(kModule, "PORTAL_USER_NOT_ENSURED", ensured.error().message);
        return done(DeviceLoginOutcome::router_down, ensured.error().message);
      }
      login(router, request, done);
    });
  });
}

}  // namespace

void log_device_in(routeros::HotspotRouter router, DeviceLoginRequest request,
                   std::function<void(DeviceLoginOutcome, std::string why)> done) {
  auto desired = routeros::desired_router_state({request.plan}, {request.ticket});
  if (desired.profiles.empty() || desired.users.empty()) {
    return done(DeviceLoginOutcome::login_refused, "the ticket's plan cannot be put on the router");
  }
  const auto& p = desired.profiles.front();
  routeros::ProfileSpec spec;
  spec.name = p.name;
  spec.rate_limit = p.rate_limit;
  spec.shared_users = static_cast<std::uint32_t>(p.shared_users);
  // A phone that walks away must not stay "online" (burning a connected-time plan): the router
  // ends a session it has not heard from in this long, as its own default does.
  spec.keepalive_timeout = std::chrono::minutes(2);
  ensure_then_log_in(std::move(router), std::move(spec), desired.users.front(), std::move(request),
                     std::move(done), /*retries=*/1);
}

}  // namespace hotspot::daemon
