#include "routeros/sim/router_state.h"

#include <algorithm>

#include "routeros/sim/schemas.h"

namespace hotspot::routeros::sim {

RouterState::RouterState(RouterOptions options)
    : options_(std::move(options)), random_(options_.seed), identity_(options_.identity) {
  add_menu("/ip/hotspot/user", hotspot_user_schema());
  // The built-in "default" profile is item *0; the ones added later count from *1.
  add_menu("/ip/hotspot/user/profile", hotspot_user_profile_schema(), true, true, true, 0);
  add_menu("/ip/hotspot/active", hotspot_active_schema(), false, false, true);
  add_menu("/ip/hotspot/host", hotspot_host_schema(), false, true, true);
  add_menu("/ip/hotspot", hotspot_server_schema());
  add_menu("/ip/hotspot/walled-garden", walled_garden_schema());
  add_menu("/ip/hotspot/walled-garden/ip", walled_garden_ip_schema());
  seed_defaults();
}

void RouterState::add_menu(std::string path, Schema schema, bool can_add, bool can_set,
                           bool can_remove, std::uint64_t first_id) {
  menus_.emplace(std::move(path), Menu{Table(std::move(schema), first_id), can_add, can_set, can_remove});
}

void RouterState::seed_defaults() {
  menus_.at("/ip/hotspot/user/profile").table.insert({{"name", "default"}, {"default", "true"}});
  menus_.at("/ip/hotspot").table.insert(
      {{"name", options_.hotspot_server}, {"interface", "bridge"}, {"address-pool", "hs-pool"}});
}

void RouterState::add_account(Account account) {
  auto it = std::find_if(accounts_.begin(), accounts_.end(),
                         [&](const Account& a) { return a.name == account.name; });
  if (it != accounts_.end()) *it = std::move(account);
  else accounts_.push_back(std::move(account));
}

const Account* RouterState::find_account(std::string_view name) const {
  for (const Account& a : accounts_) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string RouterState::new_challenge() {
  std::string challenge(16, '\0');
  for (char& c : challenge) c = static_cast<char>(random_() & 0xFF);
  return challenge;
}

Table* RouterState::table(std::string_view menu) {
  Menu* m = find_menu(menu);
  return m ? &m->table : nullptr;
}

RouterState::Menu* RouterState::find_menu(std::string_view path) {
  auto it = menus_.find(path);
  return it == menus_.end() ? nullptr : &it->second;
}

bool RouterState::permitted(std::string_view verb, const Account& who) {
  bool reads = verb == "print" || verb == "getall" || verb == "listen";
  return who.policies.contains(reads ? "read" : "write");
}

Replies RouterState::execute(const Command& command, const Account& who) {
  std::string_view path = command.path;
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) {
    return trap_replies("no such command prefix", 0);
  }
  return dispatch(command, path.substr(0, slash), path.substr(slash + 1), who);
}

Replies RouterState::dispatch(const Command& command, std::string_view menu_path,
                              std::string_view verb, const Account& who) {
  if (is_system_menu(menu_path)) {
    if (!permitted(verb, who)) return trap_replies("not enough permissions (9)");
    return system_command(menu_path, verb, command);
  }
  Menu* menu = find_menu(menu_path);
  if (!menu) return trap_replies("no such command prefix", 0);
  bool known = verb == "print" || verb == "getall" || (verb == "add" && menu->can_add) ||
               (verb == "set" && menu->can_set) || (verb == "remove" && menu->can_remove) ||
               (verb == "login" && menu_path == "/ip/hotspot/active") ||
               (verb == "reset-counters" && menu_path == "/ip/hotspot/user");
  if (!known) return trap_replies("no such command or directory (" + std::string(verb) + ")", 0);
  if (!permitted(verb, who)) return trap_replies("not enough permissions (9)");
  if (verb == "print" || verb == "getall") return print(*menu, command);
  if (verb == "add") return add(menu_path, *menu, command);
  if (verb == "set") return set(menu_path, *menu, command);
  if (verb == "remove") return remove(menu_path, *menu, command);
  if (verb == "login") return active_login(command);
  return reset_counters(*menu, command);
}

std::optional<Replies> RouterState::refuse_listen(std::string_view menu, const Account& who) {
  if (!find_menu(menu)) return trap_replies("no such command prefix", 0);
  if (!permitted("listen", who)) return trap_replies("not enough permissions (9)");
  return std::nullopt;
}

std::uint64_t RouterState::listen(std::string menu, Listener listener) {
  std::uint64_t handle = next_subscription_++;
  subscriptions_.emplace(handle, Subscription{std::move(menu), std::move(listener)});
  return handle;
}

void RouterState::unlisten(std::uint64_t handle) { subscriptions_.erase(handle); }

void RouterState::notify(std::string_view menu, const Item& item, bool dead) {
  if (subscriptions_.empty()) return;
  Menu* m = find_menu(menu);
  std::vector<Attribute> words = m->table.render(item);
  if (dead) words = {{".id", item.id()}, {".dead", "yes"}};
  // A listener may unlisten while being called; iterate over a copy of the handles.
  std::vector<std::uint64_t> handles;
  for (const auto& [handle, sub] : subscriptions_) {
    if (sub.menu == menu) handles.push_back(handle);
  }
  for (std::uint64_t handle : handles) {
    auto it = subscriptions_.find(handle);
    if (it != subscriptions_.end()) it->second.listener(words);
  }
}

}  // namespace hotspot::routeros::sim
