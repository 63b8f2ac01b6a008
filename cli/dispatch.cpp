#include "cli/dispatch.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/command.h"
#include "cli/data_dir.h"
#include "cli/stderr_logger.h"
#include "core/version.h"

namespace hotspot::cli {
namespace {

struct SplitArgs {
  std::vector<std::string> words;  // the command's words ("plan", "add")
  std::vector<std::string> rest;   // everything else, in order, for the command's parser
};

bool takes_value(std::string_view token) { return token == "--data-dir" || token == "--config"; }

bool is_command_prefix(const std::vector<std::string>& words) {
  return std::any_of(all_commands().begin(), all_commands().end(), [&](const CommandSpec& spec) {
    return spec.words.size() >= words.size() &&
           std::equal(words.begin(), words.end(), spec.words.begin());
  });
}

// Global options may come first; then the command words; then the command's own arguments,
// whose values (a plan name, a code) must never be mistaken for command words.
SplitArgs split(int argc, char** argv) {
  SplitArgs s;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    s.rest.push_back(argv[i]);
    if (takes_value(argv[i]) && i + 1 < argc) s.rest.push_back(argv[++i]);
  }
  for (; i < argc && argv[i][0] != '-' && s.words.size() < 2; ++i) {
    auto candidate = s.words;
    candidate.push_back(argv[i]);
    if (!s.words.empty() && !is_command_prefix(candidate)) break;
    s.words = std::move(candidate);
  }
  for (; i < argc; ++i) s.rest.push_back(argv[i]);
  return s;
}

// The command whose words are exactly `words`.
const CommandSpec* find_command(const std::vector<std::string>& words) {
  for (const auto& spec : all_commands()) {
    if (spec.words.size() == words.size() &&
        std::equal(spec.words.begin(), spec.words.end(), words.begin())) {
      return &spec;
    }
  }
  return nullptr;
}

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : " ") + std::string(w);
  return out;
}

void print_overview(std::ostream& out, std::string_view group = {}) {
  out << "hotspotctl " << kVersion << ": manage a hotspot-edge appliance\n\n"
      << "Usage: hotspotctl <command> [options]   (hotspotctl <command> --help for details)\n\n"
      << "Commands:\n";
  for (const auto& spec : all_commands()) {
    if (!group.empty() && spec.words.front() != group) continue;
    std::string name = joined(spec.words);
    out << "  " << name << std::string(name.size() < 18 ? 18 - name.size() : 1, ' ')
        << spec.summary << "\n";
  }
  out << "\nOptions for every command: --data-dir DIR, --config FILE, --json, --help\n";
}

cxxopts::Options make_options(const CommandSpec& spec) {
  cxxopts::Options options("hotspotctl " + joined(spec.words), std::string(spec.summary));
  options.custom_help(std::string(spec.usage));
  options.positional_help("");
  options.add_options("global")
      ("data-dir", "Data directory (default: data_dir from the config, or /var/lib/hotspot-edge)",
       cxxopts::value<std::string>())
      ("config", "Config file to read data_dir from", cxxopts::value<std::string>()->default_value(
           std::string(kDefaultConfigPath)))
      ("json", "Print machine-readable JSON")
      ("h,help", "Show this help");
  options.add_options("hidden")("positional", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"positional"});
  spec.declare(options);
  return options;
}

int exit_code_for(const Error& error) {
  return error.code == Errc::invalid_argument ? kExitUsage : kExitFailed;
}

int run_command(const CommandSpec& spec, SplitArgs& split_args, std::istream& in,
                std::ostream& out, std::ostream& err) {
  auto options = make_options(spec);
  // cxxopts wants argv; rebuild it from the tokens that are not command words.
  std::vector<std::string> tokens = {"hotspotctl"};
  tokens.insert(tokens.end(), split_args.rest.begin(), split_args.rest.end());
  std::vector<char*> argv;
  for (auto& t : tokens) argv.push_back(t.data());
  std::optional<cxxopts::ParseResult> parsed;
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    err << "hotspotctl " << joined(spec.words) << ": " << e.what() << " (see --help)\n";
    return kExitUsage;
  }
  if (parsed->count("help")) {
    out << options.help({"", "global"});
    return kExitOk;
  }
  auto data_dir = resolve_data_dir(*parsed);
  if (!data_dir) {
    err << "hotspotctl: " << data_dir.error().message << "\n";
    return kExitUsage;
  }
  if (auto dropped = drop_privileges_to_owner(*data_dir); !dropped) {
    err << "hotspotctl: " << dropped.error().message << "\n";
    return kExitFailed;
  }
  SystemClock clock;
  StderrLogger log(err, LogLevel::warning);
  Invocation inv{*parsed, {}, *data_dir, parsed->count("json") > 0, in, out, err, clock, log};
  if (parsed->count("positional")) inv.positional = (*parsed)["positional"].as<std::vector<std::string>>();
  Status result = spec.run(inv);
  if (!result) {
    err << "hotspotctl: " << result.error().message << "\n";
    return exit_code_for(result.error());
  }
  return kExitOk;
}

}  // namespace

int dispatch(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  SplitArgs args = split(argc, argv);
  const bool wants_help = std::any_of(args.rest.begin(), args.rest.end(),
                                      [](auto& t) { return t == "--help" || t == "-h"; });
  if (args.words.empty()) {
    if (std::find(args.rest.begin(), args.rest.end(), "--version") != args.rest.end()) {
      out << "hotspotctl " << kVersion << "\n";
      return kExitOk;
    }
    print_overview(wants_help ? out : err);
    return wants_help ? kExitOk : kExitUsage;
  }
  const CommandSpec* spec = find_command(args.words);
  if (!spec) {
    // A group word alone ("plan") lists its commands; anything else is unknown.
    const auto next = std::find_if(args.rest.begin(), args.rest.end(),
                                   [](const std::string& t) { return t[0] != '-'; });
    if (is_command_prefix(args.words) && next == args.rest.end()) {
      print_overview(wants_help ? out : err, args.words[0]);
      return wants_help ? kExitOk : kExitUsage;
    }
    std::string typed = args.words[0];
    if (is_command_prefix(args.words) && next != args.rest.end()) typed += " " + *next;
    err << "hotspotctl: unknown command '" << typed << "'; run 'hotspotctl --help' for the list\n";
    return kExitUsage;
  }
  try {
    return run_command(*spec, args, in, out, err);
  } catch (const std::exception& e) {
    // Only setup and programming errors throw; still one line, never a crash dump.
    err << "hotspotctl: internal error: " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace hotspot::cli
