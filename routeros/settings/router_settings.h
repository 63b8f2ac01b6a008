#pragma once
// Where the router is and how to log in, kept in the books: the address, port, TLS choice and
// user in settings; the password sealed in secrets. hotspotctl writes them; hotspotd and
// `hotspotctl router test` read them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "routeros/client/router_link.h"
#include "routeros/ssh/host_keys.h"
#include "storage/settings.h"
#include "storage/store.h"

namespace hotspot::routeros {

struct RouterSettings {
  std::string host;
  std::uint16_t port = 8728;  // 8729 is the default with TLS
  bool tls = false;
  std::string tls_ca_file;    // PEM bundle to trust (TLS)
  std::string tls_pin;        // or the router certificate's SHA-256 (TLS)
  std::string user;
};

// Field-named errors: host (a name or an IP address, no spaces or control characters), user
// (1 to 64 of A-Z a-z 0-9 . _ -), TLS needing a CA file or a pin, the pin's form.
Status validate_router_settings(const RouterSettings& settings);
// Passwords: 1 to 256 printable bytes (RouterOS allows more, the API login does not need more).
Status validate_router_password(std::string_view password);

// Address, login and password together, in one transaction; a pending login
// (pending_login.h) is forgotten in the same one.
Status save_router_settings(storage::Store& store, const RouterSettings& settings,
                            std::string_view password, std::string_view actor);
// The change save_router_settings applies, for callers that apply it with more (unchecked:
// validate first).
storage::SettingsChange router_login_change(const RouterSettings& settings,
                                            std::string_view password);
// std::nullopt when no router has been set.
Result<std::optional<RouterSettings>> load_router_settings(storage::Store& store);
// Everything a RouterLink needs, password and CA bundle included.
Result<RouterLinkOptions> router_link_options(storage::Store& store, const RouterSettings& settings);

// SSH host keys pinned in the books (setting "router.ssh-host-keys": one "host:port fingerprint"
// per line), so that the pin survives between hotspotctl runs and a changed key is caught.
class BooksHostKeyStore final : public HostKeyStore {
 public:
  BooksHostKeyStore(storage::Store& store, std::string actor) : store_(store), actor_(std::move(actor)) {}
  Result<std::optional<std::string>> pinned(std::string_view endpoint) override;
  Status pin(std::string_view endpoint, std::string_view fingerprint) override;

 private:
  storage::Store& store_;
  std::string actor_;
};

}  // namespace hotspot::routeros
