#include "daemon/command_line.h"

#include <cxxopts.hpp>

#include "daemon/config.h"

namespace hotspot::daemon {
namespace {

cxxopts::Options make_options() {
  cxxopts::Options options("hotspotd", "The hotspot-edge appliance daemon.");
  options.custom_help("[OPTIONS]");
  options.add_options()
      ("config", "Read the configuration from PATH", cxxopts::value<std::string>(), "PATH")
      ("data-dir", "Keep the books in DIR instead of the configured data_dir",
       cxxopts::value<std::string>(), "DIR")
      ("check-config", "Validate the configuration, print the verdict and exit")
      ("print-config", "Print the effective configuration (secrets masked) and exit")
      ("demo", "Run on a fresh temporary data directory with sample plans")
      ("version", "Print the version and exit")
      ("h,help", "Print this help and exit");
  return options;
}

// cxxopts quotes names with U+2018/U+2019, which a serial console or a C-locale journal shows as
// mojibake.
std::string plain_quotes(std::string text) {
  for (const std::string_view curly : {"\u2018", "\u2019"}) {
    for (auto at = text.find(curly); at != std::string::npos; at = text.find(curly, at)) {
      text.replace(at, curly.size(), "'");
    }
  }
  return text;
}

Error usage(std::string message) { return make_error(Errc::invalid_argument, std::move(message)); }

Status check_combinations(const CommandLine& cl) {
  if (cl.check_config && cl.print_config) {
    return usage("--check-config and --print-config cannot be used together");
  }
  if (cl.demo && (cl.check_config || cl.print_config)) {
    return usage("--demo cannot be combined with --check-config or --print-config");
  }
  if (cl.demo && cl.data_dir) {
    return usage("--demo makes its own temporary data directory; drop --data-dir");
  }
  return {};
}

Result<CommandLine> from_parsed(const cxxopts::ParseResult& parsed) {
  if (!parsed.unmatched().empty()) {
    return usage("unexpected argument '" + parsed.unmatched().front() + "'");
  }
  for (const char* name : {"config", "data-dir"}) {
    if (parsed.count(name) > 1) return usage(std::string("--") + name + " was given more than once");
  }
  CommandLine cl;
  cl.config_path = kDefaultConfigPath;
  if (parsed.count("config") > 0) {
    cl.config_path = parsed["config"].as<std::string>();
    cl.config_given = true;
    if (cl.config_path.empty()) return usage("--config needs a path");
  }
  if (parsed.count("data-dir") > 0) {
    const std::filesystem::path dir = parsed["data-dir"].as<std::string>();
    if (dir.empty()) return usage("--data-dir needs a directory");
    std::error_code ec;
    cl.data_dir = std::filesystem::absolute(dir, ec);
    if (ec) return usage("--data-dir " + dir.string() + ": " + ec.message());
  }
  cl.check_config = parsed.count("check-config") > 0;
  cl.print_config = parsed.count("print-config") > 0;
  cl.demo = parsed.count("demo") > 0;
  cl.help = parsed.count("help") > 0;
  cl.version = parsed.count("version") > 0;
  if (cl.help || cl.version) return cl;
  if (Status s = check_combinations(cl); !s) return s.error();
  return cl;
}

}  // namespace

Result<CommandLine> parse_command_line(int argc, const char* const* argv) {
  try {
    cxxopts::Options options = make_options();
    return from_parsed(options.parse(argc, argv));
  } catch (const cxxopts::exceptions::exception& e) {
    return usage(plain_quotes(e.what()));
  }
}

std::string help_text() {
  return make_options().help() +
         "\nWithout options, hotspotd reads " + std::string(kDefaultConfigPath) +
         " and runs until SIGTERM;\nSIGHUP reloads the configuration.\n\n"
         "Exit codes: 0 stopped cleanly, 1 configuration error, 2 usage error,\n"
         "3 the books could not be opened, 4 internal error.\n";
}

}  // namespace hotspot::daemon
