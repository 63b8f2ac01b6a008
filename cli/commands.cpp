#include "cli/commands.h"

#include <pwd.h>
#include <unistd.h>

namespace hotspot::cli {

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> all;
    add_setup_commands(all);
    add_plan_commands(all);
    add_voucher_commands(all);
    return all;
  }();
  return commands;
}

Result<std::unique_ptr<storage::Store>> Invocation::open_store(bool create_if_missing) const {
  return storage::Store::open({data_dir, create_if_missing}, clock, log);
}

Result<std::string> Invocation::single_positional(std::string_view what) const {
  if (positional.size() == 1) return positional.front();
  if (positional.empty()) return make_error(Errc::invalid_argument, "missing " + std::string(what));
  return make_error(Errc::invalid_argument, "expected only " + std::string(what) + ", got " +
                                                std::to_string(positional.size()) + " arguments");
}

std::string cli_actor() {
  const char* sudo_user = ::getenv("SUDO_USER");  // who ran sudo, not root
  if (sudo_user && *sudo_user) return std::string("cli:") + sudo_user;
  if (const passwd* pw = ::getpwuid(::getuid())) return std::string("cli:") + pw->pw_name;
  return "cli:uid" + std::to_string(::getuid());
}

}  // namespace hotspot::cli
