// routeros-sim: a RouterOS router's API on a TCP port, for the demo and for manual testing.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdio>
#include <functional>

#include "routeros/sim/command_line.h"
#include "routeros/sim/server.h"

namespace {

using namespace hotspot::routeros::sim;

// One journald-friendly line per event on stderr; stdout keeps only the listening line.
class StderrLogger final : public hotspot::Logger {
 public:
  void log(hotspot::LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override {
    std::string line = hotspot::format_log_line(level, module, id, message) + "\n";
    std::fputs(line.c_str(), stderr);
  }
  bool enabled(hotspot::LogLevel level) const override { return level >= hotspot::LogLevel::info; }
};

// Moves the router's clock one second per tick so sessions age as on a real router.
void schedule_tick(boost::asio::steady_timer& timer, Server& server, std::chrono::milliseconds every) {
  timer.expires_after(every);
  timer.async_wait([&timer, &server, every](boost::system::error_code ec) {
    if (ec) return;
    server.with_state([](RouterState& state) { state.advance(std::chrono::seconds(1)); });
    schedule_tick(timer, server, every);
  });
}

// The API-SSL configuration the command line asks for; nullptr for plain API.
hotspot::Result<std::shared_ptr<TlsServerConfig>> tls_for(const SimCommandLine& line) {
  if (!line.tls_certificate.empty()) return TlsServerConfig::from_files(line.tls_certificate, line.tls_key);
  if (line.tls_self_signed_out.empty()) return std::shared_ptr<TlsServerConfig>();
  auto config = TlsServerConfig::self_signed("routeros-sim");
  if (!config) return config;
  std::FILE* out = std::fopen(line.tls_self_signed_out.c_str(), "w");
  if (!out) {
    return hotspot::make_error(hotspot::Errc::io, "cannot write " + line.tls_self_signed_out);
  }
  std::fputs((*config)->certificate_pem().c_str(), out);
  std::fclose(out);
  return config;
}

int run(const SimCommandLine& line) {
  auto tls = tls_for(line);
  if (!tls) {
    std::fprintf(stderr, "routeros-sim: %s\n", tls.error().message.c_str());
    return 1;
  }
  RouterOptions options;
  options.version = line.version;
  RouterState state(options);
  state.add_account({line.user, line.password, {"read", "write", "api", "policy", "test", "sensitive"}});
  boost::asio::io_context io;
  ServerOptions server_options;
  server_options.control_commands = line.control_commands;
  server_options.max_connections = line.max_connections;
  server_options.tls = *tls;
  StderrLogger logger;
  server_options.logger = &logger;
  Server server(io, state, server_options);
  if (auto status = server.listen(line.address, line.port); !status) {
    std::fprintf(stderr, "routeros-sim: %s\n", status.error().message.c_str());
    return 1;
  }
  auto endpoint = server.local_endpoint();
  std::string shown = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                 : endpoint.address().to_string();
  std::printf("routeros-sim listening on %s:%u (RouterOS %s)\n", shown.c_str(),
              static_cast<unsigned>(endpoint.port()), line.version.to_string().c_str());
  std::fflush(stdout);
  boost::asio::steady_timer tick(io);
  if (line.tick.count() > 0) schedule_tick(tick, server, line.tick);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    tick.cancel();
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto line = parse_sim_command_line(argc, argv);
  if (!line) {
    std::fprintf(stderr, "routeros-sim: %s\n", line.error().message.c_str());
    return 2;
  }
  if (line->help) {
    std::fputs(line->help_text.c_str(), stdout);
    return 0;
  }
  try {
    return run(*line);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "routeros-sim: %s\n", e.what());
    return 1;
  }
}
