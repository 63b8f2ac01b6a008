#include "daemon/reload.h"

namespace hotspot::daemon {
namespace {

std::string endpoint_text(const ListenConfig& l) {
  return l.address + ":" + std::to_string(l.port);
}

void note(std::vector<std::string>& into, const char* field, const std::string& before,
          const std::string& after) {
  if (before != after) into.push_back(std::string(field) + " " + before + " -> " + after);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

ReloadChanges compare_configs(const Config& running, const Config& loaded) {
  ReloadChanges c;
  note(c.applied, "log_level", log_level_name(running.log_level), log_level_name(loaded.log_level));
  note(c.restart_needed, "data_dir", running.data_dir.string(), loaded.data_dir.string());
  note(c.restart_needed, "portal", endpoint_text(running.portal), endpoint_text(loaded.portal));
  note(c.restart_needed, "dashboard", endpoint_text(running.dashboard),
       endpoint_text(loaded.dashboard));
  note(c.restart_needed, "mpesa_callbacks", endpoint_text(running.mpesa_callbacks),
       endpoint_text(loaded.mpesa_callbacks));
  return c;
}

Config apply_live_settings(const Config& running, const Config& loaded) {
  Config next = running;
  next.log_level = loaded.log_level;
  return next;
}

std::string describe_reload(const std::string& source, const ReloadChanges& changes) {
  std::string text = "config reloaded from " + source + ": ";
  if (changes.applied.empty()) return text + "no change applied";
  return text + "applied " + joined(changes.applied);
}

std::optional<std::string> describe_restart_needed(const ReloadChanges& changes) {
  if (changes.restart_needed.empty()) return std::nullopt;
  return "not applied until hotspotd restarts: " + joined(changes.restart_needed) +
         "; the previous values stay in force";
}

Result<Config> load_effective_config(const std::filesystem::path& path,
                                     const std::optional<std::filesystem::path>& data_dir) {
  auto config = load_config(path);
  if (!config) return config.error();
  if (data_dir) {
    config->data_dir = *data_dir;
    if (Status s = validate_config(*config); !s) {
      return make_error(Errc::invalid_argument, "--data-dir: " + s.error().message);
    }
  }
  return config;
}

}  // namespace hotspot::daemon
