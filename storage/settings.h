#pragma once
// Plain settings (provider name, branding, router address) and encrypted secrets (router
// password, Daraja keys, registry token). Secret values never leave this class except to the
// code that uses them: they are not logged, audited or put in the outbox — only their names.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hotspot::storage {

struct StoreContext;

// Settings and secrets that only make sense together (a router's address and its password),
// changed in one transaction: all of them, or none after a failure or a crash.
struct SettingsChange {
  std::vector<std::pair<std::string, std::string>> settings;  // key, value: set
  std::vector<std::pair<std::string, std::string>> secrets;   // name, value: set, sealed
  std::vector<std::string> removed_settings;
  std::vector<std::string> removed_secrets;
};

class Settings {
 public:
  explicit Settings(StoreContext& ctx) : ctx_(ctx) {}
  Status set(std::string_view key, std::string_view value, std::string_view actor);
  // Every name and value is checked before anything is written.
  Status apply(const SettingsChange& change, std::string_view actor);
  // The same without waiting for the commit (for an event loop): `done` runs on the writer
  // thread once it is durable or failed; bad input is reported through `done` too.
  void apply_async(const SettingsChange& change, std::string actor,
                   std::function<void(const Status&)> done);
  Result<std::optional<std::string>> get(std::string_view key);
  Result<std::map<std::string, std::string>> all();

 private:
  StoreContext& ctx_;
};

class Secrets {
 public:
  explicit Secrets(StoreContext& ctx) : ctx_(ctx) {}
  // Encrypts with AES-256-GCM under the appliance key, bound to `name`.
  Status put(std::string_view name, std::string_view value, std::string_view actor);
  // not_found when unset; corrupt when it does not decrypt (wrong key file, tampering).
  Result<std::string> get(std::string_view name);
  Result<std::vector<std::string>> names();

 private:
  StoreContext& ctx_;
};

// Names are lower-case words with dots, dashes and underscores, 1 to 64 characters.
Status validate_setting_name(std::string_view name);

}  // namespace hotspot::storage
