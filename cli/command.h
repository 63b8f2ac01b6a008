#pragma once
// hotspotctl's commands: each is a small function over the books, declared in a table so that
// dispatch, --help and the command list stay in one place.

#include <cxxopts.hpp>

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "storage/store.h"

namespace hotspot::cli {

// Exit codes: 0 success, 1 the operation failed, 2 bad usage or bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Invocation {
  cxxopts::ParseResult args;
  std::vector<std::string> positional;  // what follows the command words
  std::filesystem::path data_dir;
  bool json = false;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  Logger& log;

  // Opens the books that already exist (every command but init and keygen).
  Result<std::unique_ptr<storage::Store>> open_store(bool create_if_missing = false) const;
  // The one positional argument a command takes (a code, a plan, a file).
  Result<std::string> single_positional(std::string_view what) const;
  // A whole-number option; the error names the option ("--count: 'many' is not a whole number").
  Result<std::int64_t> integer_option(const char* name) const;
};

struct CommandSpec {
  std::vector<std::string_view> words;  // {"plan", "add"}
  std::string_view usage;               // "--name NAME --price KES [--time D] ..."
  std::string_view summary;
  void (*declare)(cxxopts::Options& options);
  Status (*run)(Invocation& invocation);
};

const std::vector<CommandSpec>& all_commands();

// The actor recorded in the audit log for changes made from the CLI: "cli:<user>".
std::string cli_actor();

}  // namespace hotspot::cli
