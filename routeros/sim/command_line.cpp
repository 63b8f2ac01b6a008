#include "routeros/sim/command_line.h"

#include <cxxopts.hpp>

#include "routeros/sim/server.h"

namespace hotspot::routeros::sim {
namespace {

cxxopts::Options make_options() {
  cxxopts::Options options("routeros-sim", "A RouterOS API simulator (hotspot and system menus).");
  options.add_options()
      ("listen", "Listen on ADDR:PORT", cxxopts::value<std::string>()->default_value("127.0.0.1:8728"), "ADDR:PORT")
      ("user", "The API user's name", cxxopts::value<std::string>(), "NAME")
      ("password", "The API user's password (required; may be empty)", cxxopts::value<std::string>(), "PASSWORD")
      ("version", "RouterOS version to emulate: 6.42, 6.49, 7.12, 7.18, ...",
       cxxopts::value<std::string>()->default_value("7.12"), "VERSION")
      ("control", "Serve the /sim/... control commands (faults, clock)")
      ("tick-ms", "Advance the router's clock by 1 s every this many ms; 0 = only /sim/advance",
       cxxopts::value<long>()->default_value("1000"), "MS")
      ("max-sessions", "Connections served at once", cxxopts::value<long>()->default_value("20"), "N")
      ("tls-cert", "Serve API-SSL with this PEM certificate", cxxopts::value<std::string>(), "PATH")
      ("tls-key", "The PEM key of --tls-cert", cxxopts::value<std::string>(), "PATH")
      ("tls-self-signed", "Serve API-SSL with a new self-signed certificate, written to PATH",
       cxxopts::value<std::string>(), "PATH")
      ("h,help", "Show this help");
  return options;
}

Error usage(const std::string& what) { return make_error(Errc::invalid_argument, what); }

Result<SimCommandLine> from_parsed(const cxxopts::ParseResult& parsed) {
  SimCommandLine line;
  auto listen = parse_listen_address(parsed["listen"].as<std::string>());
  if (!listen) return listen.error();
  std::tie(line.address, line.port) = *listen;
  if (!parsed.count("user") || parsed["user"].as<std::string>().empty()) return usage("--user is required");
  // No default credentials, not even for a simulator.
  if (!parsed.count("password")) return usage("--password is required (--password= for an empty one)");
  line.user = parsed["user"].as<std::string>();
  line.password = parsed["password"].as<std::string>();
  auto version = parse_router_os_version(parsed["version"].as<std::string>());
  if (!version) return usage("--version: " + version.error().message);
  line.version = *version;
  line.control_commands = parsed.count("control") > 0;
  long tick = parsed["tick-ms"].as<long>();
  long sessions = parsed["max-sessions"].as<long>();
  if (tick < 0 || tick > 3'600'000) return usage("--tick-ms must be 0 to 3600000");
  if (sessions < 1 || sessions > 1000) return usage("--max-sessions must be 1 to 1000");
  if (parsed.count("tls-cert") != parsed.count("tls-key")) return usage("--tls-cert and --tls-key go together");
  if (parsed.count("tls-cert") && parsed.count("tls-self-signed")) {
    return usage("--tls-self-signed replaces --tls-cert and --tls-key");
  }
  if (parsed.count("tls-cert")) {
    line.tls_certificate = parsed["tls-cert"].as<std::string>();
    line.tls_key = parsed["tls-key"].as<std::string>();
  }
  if (parsed.count("tls-self-signed")) line.tls_self_signed_out = parsed["tls-self-signed"].as<std::string>();
  line.tick = std::chrono::milliseconds(tick);
  line.max_connections = static_cast<std::size_t>(sessions);
  return line;
}

}  // namespace

Result<SimCommandLine> parse_sim_command_line(int argc, const char* const* argv) {
  cxxopts::Options options = make_options();
  try {
    auto parsed = options.parse(argc, argv);
    if (parsed.count("help")) {
      SimCommandLine line;
      line.help = true;
      line.help_text = options.help();
      return line;
    }
    return from_parsed(parsed);
  } catch (const cxxopts::exceptions::exception& e) {
    return usage(e.what());
  }
}

}  // namespace hotspot::routeros::sim
