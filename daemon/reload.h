#pragma once
// What a SIGHUP may change. Some settings take effect at once (the log level); others are bound
// to resources opened at start (the books' directory, listening sockets) and wait for a restart.
// The running config always describes what is actually in force.

#include <optional>
#include <string>
#include <vector>

#include "daemon/config.h"

namespace hotspot::daemon {

struct ReloadChanges {
  std::vector<std::string> applied;         // "log_level info -> debug"
  std::vector<std::string> restart_needed;  // "portal.port 8080 -> 8090"
  bool empty() const { return applied.empty() && restart_needed.empty(); }
};

ReloadChanges compare_configs(const Config& running, const Config& loaded);

// The config in force after a reload: `running` with the live settings taken from `loaded`.
Config apply_live_settings(const Config& running, const Config& loaded);

// For DAEMON_RELOADED: "config reloaded from PATH: log_level info -> debug" or "...: no changes".
std::string describe_reload(const std::string& source, const ReloadChanges& changes);
// For DAEMON_RELOAD_NEEDS_RESTART, or nullopt when nothing waits for a restart.
std::optional<std::string> describe_restart_needed(const ReloadChanges& changes);

// Reads and validates a config file, then applies a --data-dir override, which stays in force
// across reloads. Used at start, for --check-config and on every SIGHUP.
Result<Config> load_effective_config(const std::filesystem::path& path,
                                     const std::optional<std::filesystem::path>& data_dir);

}  // namespace hotspot::daemon
