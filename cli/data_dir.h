#pragma once

#include <cxxopts.hpp>

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace hotspot::cli {

inline constexpr std::string_view kDefaultConfigPath = "/etc/hotspot-edge/hotspotd.json";
inline constexpr std::string_view kDefaultDataDir = "/var/lib/hotspot-edge";

// --data-dir, else data_dir from the daemon's config file (when it exists), else the default,
// so that hotspotctl finds the same books as hotspotd without being told.
Result<std::filesystem::path> resolve_data_dir(const cxxopts::ParseResult& args);

// Run as root on a data directory owned by the service user, hotspotctl becomes that user so
// that every file it creates stays readable and writable by hotspotd.
Status drop_privileges_to_owner(const std::filesystem::path& data_dir);

}  // namespace hotspot::cli
