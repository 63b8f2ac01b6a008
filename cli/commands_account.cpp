// account add, account list: the people who sign in to the provider's dashboard.
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "storage/accounts.h"
#include "storage/context.h"

namespace hotspot::cli {
namespace {

Result<storage::Role> role_from(const std::string& text) {
  if (text == "owner") return storage::Role::owner;
  if (text == "attendant") return storage::Role::attendant;
  return make_error(Errc::invalid_argument,
                    "--role: owner or attendant (got '" + text.substr(0, 32) + "')");
}

// The password is made here, never typed, and shown once, as `init` does for the first owner.
Status account_add(Invocation& inv) {
  if (!inv.args.count("username"))
    return make_error(Errc::invalid_argument, "account add needs --username");
  auto role = role_from(inv.args["role"].as<std::string>());
  if (!role) return role.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  const std::string username = inv.args["username"].as<std::string>();
  const std::string password = storage::generate_password((*store)->context());
  auto account = (*store)->accounts().create(username, *role, password, cli_actor());
  if (!account) return account.error();
  if (inv.json) {
    inv.out << nlohmann::json{{"username", account->username},
                              {"role", storage::role_name(account->role)},
                              {"password", password}}
                   .dump(2)
            << '\n';
    return {};
  }
  inv.out << "Dashboard account " << account->username << " (" << storage::role_name(account->role)
          << ")\n  password  " << password << "\n\nThis password is shown only once: give it to "
          << account->username << " now.\n";
  return {};
}

Status account_list(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto accounts = (*store)->accounts().list();
  if (!accounts) return accounts.error();
  if (inv.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : *accounts) {
      out.push_back({{"username", a.username},
                     {"role", storage::role_name(a.role)},
                     {"disabled", a.disabled},
                     {"created_at", a.created_at}});
    }
    inv.out << out.dump(2) << '\n';
    return {};
  }
  for (const auto& a : *accounts) {
    inv.out << std::left << std::setw(34) << a.username << std::setw(10)
            << storage::role_name(a.role) << (a.disabled ? "disabled" : "") << '\n';
  }
  return {};
}

}  // namespace

void add_account_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"account", "add"},
                      "--username U [--role owner|attendant]",
                      "Add a dashboard account; its password is printed once",
                      [](cxxopts::Options& o) {
                        o.add_options()("username", "3 to 32 letters, digits, '.', '-' or '_'",
                                        cxxopts::value<std::string>())(
                            "role", "owner (everything) or attendant (the overview)",
                            cxxopts::value<std::string>()->default_value("attendant"));
                      },
                      account_add});
  commands.push_back({{"account", "list"},
                      "",
                      "The dashboard accounts and their roles",
                      [](cxxopts::Options&) {},
                      account_list});
}

}  // namespace hotspot::cli
