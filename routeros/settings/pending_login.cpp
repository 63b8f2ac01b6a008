#include "routeros/settings/pending_login.h"

#include <cstdlib>

#include "storage/context.h"

namespace hotspot::routeros {
namespace {

constexpr std::string_view kPendingPassword = "router.pending-password";
constexpr const char* kPendingKeys[] = {"router.pending.host", "router.pending.port",
                                        "router.pending.user", "router.pending.since"};

}  // namespace

Status save_pending_router_login(storage::Store& store, const RouterSettings& settings,
                                 std::string_view password, std::string_view actor) {
  if (settings.tls) return make_error(Errc::invalid_argument, "tls: a pending login is plain API");
  if (auto v = validate_router_settings(settings); !v) return v;
  if (auto v = validate_router_password(password); !v) return v;
  storage::SettingsChange change;
  change.secrets = {{std::string(kPendingPassword), std::string(password)}};
  change.settings = {{kPendingKeys[0], settings.host},
                     {kPendingKeys[1], std::to_string(settings.port)},
                     {kPendingKeys[2], settings.user},
                     {kPendingKeys[3], std::to_string(store.context().now())}};
  return store.settings().apply(change, actor);
}

Result<std::optional<PendingRouterLogin>> load_pending_router_login(storage::Store& store) {
  auto all = store.settings().all();
  if (!all) return all.error();
  auto field = [&](const char* key) {
    auto it = all->find(key);
    return it == all->end() ? std::string() : it->second;
  };
  if (field(kPendingKeys[0]).empty()) return std::optional<PendingRouterLogin>();
  PendingRouterLogin p;
  p.settings.host = field(kPendingKeys[0]);
  const int port = std::atoi(field(kPendingKeys[1]).c_str());
  p.settings.port = static_cast<std::uint16_t>(port > 0 && port < 65536 ? port : 0);
  p.settings.user = field(kPendingKeys[2]);
  p.since = std::atoll(field(kPendingKeys[3]).c_str());
  if (auto v = validate_router_settings(p.settings); !v) {
    return make_error(Errc::corrupt,
                      "the pending router login is not valid (" + v.error().message + ")");
  }
  auto password = store.secrets().get(kPendingPassword);
  if (!password) return password.error();
  p.password = *password;
  return std::optional<PendingRouterLogin>(std::move(p));
}

storage::SettingsChange forget_pending_login_change() {
  storage::SettingsChange change;
  change.removed_settings.assign(std::begin(kPendingKeys), std::end(kPendingKeys));
  change.removed_secrets = {std::string(kPendingPassword)};
  return change;
}

storage::SettingsChange promote_pending_login_change(const PendingRouterLogin& pending) {
  return router_login_change(pending.settings, pending.password);  // which forgets the pending
}

}  // namespace hotspot::routeros
