#pragma once
// hotspotd's configuration: one JSON file, read through one pipeline:
//   defaults (the Config initialisers) -> parse -> per-field checks -> cross-field checks,
// producing a whole new Config or an error that names the field and its line and column.
// Nothing is applied until the whole file is accepted, so a reload is all-or-nothing.
//
// Example (every key optional; these are the defaults):
//   {
//     "data_dir": "/var/lib/hotspot-edge",
//     "log_level": "info",
//     "portal":    { "listen": "0.0.0.0",   "port": 8080 },
//     "dashboard": { "listen": "127.0.0.1", "port": 8081 },
//     "mpesa_callbacks": { "listen": "127.0.0.1", "port": 8082 }
//   }

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/log.h"
#include "core/result.h"

namespace hotspot::daemon {

inline constexpr const char* kDefaultConfigPath = "/etc/hotspot-edge/hotspotd.json";
inline constexpr const char* kDefaultDataDir = "/var/lib/hotspot-edge";
// A config file is a few hundred bytes; anything this large is the wrong file.
inline constexpr std::size_t kMaxConfigBytes = 1 << 20;

struct ListenConfig {
  std::string address;  // an IPv4 or IPv6 address; 0.0.0.0 or :: for every interface
  std::uint16_t port = 0;
  bool operator==(const ListenConfig&) const = default;
};

struct Config {
  std::filesystem::path data_dir = kDefaultDataDir;
  LogLevel log_level = LogLevel::info;
  ListenConfig portal{"0.0.0.0", 8080};       // customers, on the hotspot LAN
  ListenConfig dashboard{"127.0.0.1", 8081};  // the provider; never the portal's endpoint
  // Daraja's STK callbacks, forwarded by the site's HTTPS proxy (plain HTTP here); the callback
  // URL the pushes name is set with `hotspotctl mpesa set --callback-url`.
  ListenConfig mpesa_callbacks{"127.0.0.1", 8082};
  bool operator==(const Config&) const = default;
};

// Parses and validates a whole document. `source` names it in messages (usually the path).
// All problems found are reported, one per line, each as
//   "<source>:<line>:<column>: <field>: <what is wrong> (got <value>)".
Result<Config> parse_config(std::string_view text, std::string_view source);

// Reads `path` (a regular file of at most kMaxConfigBytes) and parses it. A missing,
// unreadable, empty or non-regular file is an error whose message starts with the path.
Result<Config> load_config(const std::filesystem::path& path);

// The rules that involve more than one field (e.g. the dashboard and the portal must not share
// an endpoint). parse_config applies them; callers that change a Config afterwards (command-line
// overrides) call it again.
Status validate_config(const Config& config);

// Checks a value given for data_dir (from the file or --data-dir): absolute, no NUL bytes.
Status validate_data_dir(const std::filesystem::path& dir);

}  // namespace hotspot::daemon
