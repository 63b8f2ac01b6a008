#include "cli/commands.h"

#include <pwd.h>
#include <charconv>
#include <unistd.h>

namespace hotspot::cli {

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> all;
    add_setup_commands(all);
    add_plan_commands(all);
    add_voucher_commands(all);
    add_router_commands(all);
    add_provision_commands(all);
    add_portal_commands(all);
    add_mpesa_commands(all);
    add_account_commands(all);
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

Result<std::int64_t> Invocation::integer_option(const char* name) const {
  const std::string text = args[name].as<std::string>();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return make_error(Errc::invalid_argument,
                      std::string("--") + name + ": '" + text + "' is not a whole number");
  }
  return value;
}

std::string cli_actor() {
  const char* sudo_user = ::getenv("SUDO_USER");  // who ran sudo, not root
  if (sudo_user && *sudo_user) return std::string("cli:") + sudo_user;
  if (const passwd* pw = ::getpwuid(::getuid())) return std::string("cli:") + pw->pw_name;
  return "cli:uid" + std::to_string(::getuid());
}

}  // namespace hotspot::cli
