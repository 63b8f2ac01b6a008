#pragma once
// The effective configuration as JSON, for --print-config and for logs. Any member whose name
// looks like a secret is masked wherever it appears, so a field added later (a router password,
// a registry token) is hidden without anyone remembering to hide it.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/config.h"

namespace hotspot::daemon {

inline constexpr const char* kMaskedValue = "********";

// True when the member name contains "password", "secret", "token" or "key", in any case
// ("api_key", "RouterPassword", "registry_token").
bool is_secret_name(std::string_view name);

// Replaces, at every depth, the value of each secret-named member with kMaskedValue
// (whatever its type; null stays null so that "not set" remains visible).
void mask_secrets(nlohmann::json& document);

nlohmann::json config_to_json(const Config& config);

// Pretty-printed, masked JSON with a trailing newline; parse_config accepts it back.
std::string dump_config(const Config& config);

}  // namespace hotspot::daemon
