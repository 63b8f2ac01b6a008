#pragma once
// hotspotd's command line. Parsing is pure so that every usage error is tested without
// starting a process; a usage error is exit code 2.

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"

namespace hotspot::daemon {

struct CommandLine {
  std::filesystem::path config_path;  // kDefaultConfigPath unless --config was given
  bool config_given = false;
  std::optional<std::filesystem::path> data_dir;  // --data-dir, made absolute
  bool check_config = false;
  bool print_config = false;
  bool demo = false;
  bool help = false;
  bool version = false;
};

// Errors (Errc::invalid_argument) are one sentence naming the offending argument.
Result<CommandLine> parse_command_line(int argc, const char* const* argv);

std::string help_text();

}  // namespace hotspot::daemon
