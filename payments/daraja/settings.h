#pragma once
// Where the technician's M-PESA setup lives in the books: the shortcode, its type, the Daraja
// host and the CA bundle in plain settings ("mpesa.*"); the consumer key, consumer secret and
// passkey sealed in secrets ("mpesa.consumer-key", "mpesa.consumer-secret", "mpesa.passkey").
// hotspotctl writes them; hotspotd and `hotspotctl mpesa test` read them.

#include <string>
#include <string_view>

#include "core/result.h"
#include "payments/daraja/requests.h"
#include "storage/store.h"

namespace hotspot::payments::daraja {

inline constexpr std::string_view kSandboxBaseUrl = "https://sandbox.safaricom.co.ke";
inline constexpr std::string_view kProductionBaseUrl = "https://api.safaricom.co.ke";

// One provider's Daraja setup. Holds secrets: never log or print this struct whole.
struct DarajaSettings {
  DarajaCredentials credentials;
  std::string base_url = std::string(kSandboxBaseUrl);  // "https://host[:port]", no path
  std::string ca_file;            // PEM bundle to trust; empty: the system bundle
  std::string callback_url_base;  // optional: where Daraja should POST callbacks
};

// "sandbox", "production" or "custom" (another host, such as the simulator).
const char* daraja_environment(std::string_view base_url);
// https:// with a host and nothing after it but an optional "/"; returns it without the "/".
Result<std::string> normalize_base_url(std::string_view url);
// Field-named errors ("shortcode: ...", "base-url: ...", "callback-url: ...").
Status validate_daraja_settings(const DarajaSettings& settings);

// Validates everything before writing anything. The secrets are written first and the shortcode
// last, as load reads an unset shortcode as "M-PESA is not set up".
Status save_daraja_settings(storage::Store& store, const DarajaSettings& settings,
                            std::string_view actor);
// not_found naming what is missing (nothing set, or which secret); corrupt when a stored value
// no longer validates.
Result<DarajaSettings> load_daraja_settings(storage::Store& store);

// For `mpesa show`: the plain settings, and only whether each secret is there.
struct DarajaSettingsSummary {
  bool configured = false;  // a shortcode is stored
  DarajaSettings settings;  // the secrets in it are left empty
  bool consumer_key_set = false;
  bool consumer_secret_set = false;
  bool passkey_set = false;
};
Result<DarajaSettingsSummary> describe_daraja_settings(storage::Store& store);

}  // namespace hotspot::payments::daraja
