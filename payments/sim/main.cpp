// daraja-sim: Safaricom's Daraja M-PESA Express API on an HTTPS port, for the demo, for tests
// and for trying a Daraja client by hand.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>

#include "payments/sim/command_line.h"
#include "payments/sim/sim_server.h"

namespace {

using namespace hotspot::payments;

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

hotspot::Result<sim::SimServerOptions> server_options(const sim::DarajaSimCommandLine& line,
                                                      hotspot::Logger& logger) {
  sim::SimServerOptions options;
  options.daraja = line.options;
  auto identity = http::TlsIdentity::from_files(line.certificate_path, line.key_path);
  if (!identity) return identity.error();
  options.server.identity = *identity;
  if (!line.callback_ca_path.empty()) {
    auto trust = http::TlsTrust::from_file(line.callback_ca_path);
    if (!trust) return trust.error();
    options.callback_trust = *trust;
  }
  options.logger = &logger;
  return options;
}

int run(const sim::DarajaSimCommandLine& line) {
  StderrLogger logger;
  auto options = server_options(line, logger);
  if (!options) {
    std::fprintf(stderr, "daraja-sim: %s\n", options.error().message.c_str());
    return 1;
  }
  boost::asio::io_context io;
  hotspot::SystemClock clock;
  sim::SimServer server(io.get_executor(), std::move(*options), clock);
  if (auto status = server.listen(line.address, line.port); !status) {
    std::fprintf(stderr, "daraja-sim: %s\n", status.error().message.c_str());
    return 1;
  }
  std::printf("daraja-sim listening on https://%s:%u (shortcode %s)\n", line.address.c_str(),
              static_cast<unsigned>(server.port()), line.options.merchant.shortcode.c_str());
  std::fflush(stdout);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto line = sim::parse_daraja_sim_command_line(argc, argv);
  if (!line) {
    std::fprintf(stderr, "daraja-sim: %s\n", line.error().message.c_str());
    return 2;
  }
  if (line->help) {
    std::fputs(line->help_text.c_str(), stdout);
    return 0;
  }
  try {
    return run(*line);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "daraja-sim: %s\n", e.what());
    return 1;
  }
}
