#pragma once
// daraja-sim's command line.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "payments/sim/daraja_sim.h"

namespace hotspot::payments::sim {

struct DarajaSimCommandLine {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;
  std::string certificate_path;
  std::string key_path;
  std::string callback_ca_path;  // empty: the system bundle
  SimOptions options;
  bool help = false;
  std::string help_text;
};

Result<DarajaSimCommandLine> parse_daraja_sim_command_line(int argc, const char* const* argv);

}  // namespace hotspot::payments::sim
