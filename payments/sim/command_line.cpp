#include "payments/sim/command_line.h"

#include <cxxopts.hpp>

namespace hotspot::payments::sim {
namespace {

cxxopts::Options make_options() {
  cxxopts::Options options("daraja-sim",
                           "A Safaricom Daraja (M-PESA Express) simulator over HTTPS.");
  options.add_options()("listen", "Listen on ADDR:PORT",
                        cxxopts::value<std::string>()->default_value("127.0.0.1:8443"),
                        "ADDR:PORT")("cert", "The server's PEM certificate (chain)",
                                     cxxopts::value<std::string>(), "PATH")(
      "key", "The PEM key of --cert", cxxopts::value<std::string>(), "PATH")(
      "consumer-key", "The app's consumer key (required)", cxxopts::value<std::string>(), "KEY")(
      "consumer-secret", "The app's consumer secret (required)", cxxopts::value<std::string>(),
      "SECRET")("shortcode", "The merchant's BusinessShortCode",
                cxxopts::value<std::string>()->default_value("174379"), "DIGITS")(
      "passkey", "The merchant's passkey (default: the sandbox's published one)",
      cxxopts::value<std::string>(),
      "KEY")("callback-delay-ms", "When the simulated customer answers, after a push",
             cxxopts::value<long>()->default_value("2000"),
             "MS")("late-callback-ms", "How much later a late callback leaves",
                   cxxopts::value<long>()->default_value("10000"), "MS")(
      "callback-ca", "Trust this PEM CA bundle for https:// callbacks (default: the system's)",
      cxxopts::value<std::string>(),
      "PATH")("allow-http-callbacks", "Accept http:// CallBackURLs (Daraja wants https://)")(
      "h,help", "Show this help");
  return options;
}

Error usage(const std::string& what) { return make_error(Errc::invalid_argument, what); }

Status read_listen(const std::string& text, DarajaSimCommandLine& line) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return usage("--listen wants ADDR:PORT");
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stol(port) > 65535) {
    return usage("--listen: the port must be 0 to 65535");
  }
  line.address = text.substr(0, colon);
  line.port = static_cast<std::uint16_t>(std::stol(port));
  return {};
}

Result<std::chrono::milliseconds> read_delay(const cxxopts::ParseResult& parsed, const char* name) {
  const long ms = parsed[name].as<long>();
  if (ms < 0 || ms > 3'600'000) return usage(std::string("--") + name + " must be 0 to 3600000");
  return std::chrono::milliseconds(ms);
}

Result<DarajaSimCommandLine> from_parsed(const cxxopts::ParseResult& parsed) {
  DarajaSimCommandLine line;
  if (Status s = read_listen(parsed["listen"].as<std::string>(), line); !s) return s.error();
  if (!parsed.count("cert") || !parsed.count("key")) return usage("--cert and --key are required");
  // No default credentials, not even for a simulator.
  if (!parsed.count("consumer-key") || !parsed.count("consumer-secret")) {
    return usage("--consumer-key and --consumer-secret are required");
  }
  line.certificate_path = parsed["cert"].as<std::string>();
  line.key_path = parsed["key"].as<std::string>();
  if (parsed.count("callback-ca")) line.callback_ca_path = parsed["callback-ca"].as<std::string>();
  SimOptions& options = line.options;
  options.consumer_key = parsed["consumer-key"].as<std::string>();
  options.consumer_secret = parsed["consumer-secret"].as<std::string>();
  if (options.consumer_key.empty() || options.consumer_secret.empty())
    return usage("empty consumer key or secret");
  options.merchant.shortcode = parsed["shortcode"].as<std::string>();
  if (parsed.count("passkey")) options.merchant.passkey = parsed["passkey"].as<std::string>();
  auto delay = read_delay(parsed, "callback-delay-ms");
  if (!delay) return delay.error();
  auto late = read_delay(parsed, "late-callback-ms");
  if (!late) return late.error();
  options.callback_delay = *delay;
  options.late_callback_after = *late;
  options.allow_http_callbacks = parsed.count("allow-http-callbacks") > 0;
  return line;
}

}  // namespace

Result<DarajaSimCommandLine> parse_daraja_sim_command_line(int argc, const char* const* argv) {
  cxxopts::Options options = make_options();
  try {
    auto parsed = options.parse(argc, argv);
    if (parsed.count("help")) {
      DarajaSimCommandLine line;
      line.help = true;
      line.help_text = options.help();
      return line;
    }
    return from_parsed(parsed);
  } catch (const cxxopts::exceptions::exception& e) {
    return usage(e.what());
  }
}

}  // namespace hotspot::payments::sim
