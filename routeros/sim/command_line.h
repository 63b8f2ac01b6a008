#pragma once
// routeros-sim's command line.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "routeros/sim/version.h"

namespace hotspot::routeros::sim {

struct SimCommandLine {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8728;
  std::string user;
  std::string password;
  RouterOsVersion version;
  bool control_commands = false;
  // The router's clock advances by one second this often; 0 leaves it to /sim/advance.
  std::chrono::milliseconds tick{1000};
  std::size_t max_connections = 20;
  // API-SSL: a certificate and key from PEM files, or a self-signed certificate whose PEM is
  // written to tls_self_signed_out for clients to trust or pin.
  std::string tls_certificate;
  std::string tls_key;
  std::string tls_self_signed_out;
  bool help = false;
  std::string help_text;
};

Result<SimCommandLine> parse_sim_command_line(int argc, const char* const* argv);

}  // namespace hotspot::routeros::sim
