// /ip/hotspot/active/login (routeros.md §2.3, §3.6) and the host table it fills.
#include "routeros/sim/field_values.h"
#include "routeros/sim/router_state.h"

namespace hotspot::routeros::sim {
namespace {

bool is_login_argument(std::string_view name) {
  return name == "user" || name == "password" || name == "mac-address" || name == "ip" ||
         name == "domain";
}

}  // namespace

Item* RouterState::find_by_mac(std::string_view menu,
                               std::map<std::string, std::uint64_t, std::less<>>& index,
                               std::string_view mac) {
  Table& table = find_menu(menu)->table;
  auto hit = index.find(mac);
  if (hit != index.end()) {
    Item* item = table.find(hit->second);
    if (item && item->value_or("mac-address") == mac) return item;
  }
  // A miss is trusted only while the index covers the table exactly.
  if (hit == index.end() && index.size() == table.items().size()) return nullptr;
  index.clear();
  Item* found = nullptr;
  for (Item& item : table.items()) {
    const std::string item_mac = item.value_or("mac-address");
    index[item_mac] = item.number;
    if (item_mac == mac) found = &item;
  }
  return found;
}

Item* RouterState::find_host(std::string_view mac) {
  return find_by_mac("/ip/hotspot/host", host_by_mac_, mac);
}

Item& RouterState::host_for(std::string_view mac, std::string_view address) {
  if (Item* host = find_host(mac)) return *host;
  Table& hosts = find_menu("/ip/hotspot/host")->table;
  const bool indexed = host_by_mac_.size() == hosts.items().size();
  std::uint64_t number = hosts.insert({{"mac-address", std::string(mac)},
                                       {"address", std::string(address)},
                                       {"to-address", std::string(address)},
                                       {"server", options_.hotspot_server},
                                       {"uptime", "0s"},
                                       {"idle-time", "0s"},
                                       {"bytes-in", "0"},
                                       {"bytes-out", "0"},
                                       {"found-by", "ARP"},
                                       {"dynamic", "true"}});
  if (indexed) host_by_mac_[std::string(mac)] = number;
  return *hosts.find(number);
}

std::string RouterState::add_host(std::string_view mac_address, std::string_view address) {
  Item& host = host_for(mac_address, address);
  notify("/ip/hotspot/host", host, false);
  return host.id();
}

// The hotspot's own refusal texts (its errors.txt), used for the API login as for the form.
std::optional<std::string> RouterState::login_refusal(const Item& user, const Command& command) {
  const std::string name = user.value_or("name");
  const std::string* mac = find_attribute(command, "mac-address");
  if (user.values.contains("mac-address") && user.value_or("mac-address") != "00:00:00:00:00:00" &&
      user.value_or("mac-address") != *mac) {
    return "user " + name + " is not allowed to log in from this MAC address";
  }
  std::int64_t limit = read_seconds(user, "limit-uptime");
  if (limit > 0 && read_seconds(user, "uptime") >= limit) return "user " + name + " has reached uptime limit";
  Session probe{user.number, 0, 0, 0, {1, 1}, 0};  // any traffic crosses a byte limit already reached
  if (seconds_to_limit(probe) == 0) return "user " + name + " has reached traffic limit";
  const Item* profile = profile_of(user);
  std::string shared = profile ? profile->value_or("shared-users", "1") : "1";
  auto counted = sessions_of_user_.find(user.number);
  const std::size_t logged_in = counted == sessions_of_user_.end() ? 0 : counted->second;
  if (shared != "unlimited" && logged_in >= std::stoull(shared)) {
    return "no more sessions are allowed for user " + name;
  }
  return std::nullopt;
}

Replies RouterState::active_login(const Command& command) {
  for (const Attribute& a : command.attributes) {
    if (!is_login_argument(a.name)) return trap_replies("unknown parameter");
  }
  const std::string* user_name = find_attribute(command, "user");
  const std::string* mac = find_attribute(command, "mac-address");
  const std::string* ip = find_attribute(command, "ip");
  if (!user_name || !mac || !ip) return trap_replies("missing value(s) of argument(s) user, mac-address, ip");
  auto mac_norm = normalise_value(make_field("mac-address", ValueType::mac), *mac);
  if (!mac_norm) return trap_replies(mac_norm.error().message, 1);
  auto ip_norm = normalise_value(make_field("ip", ValueType::ip), *ip);
  if (!ip_norm) return trap_replies(ip_norm.error().message, 1);
  if (options_.require_known_host && !find_host(*mac_norm)) return trap_replies("no such host");
  Item* user = find_menu("/ip/hotspot/user")->table.find_by_name(*user_name);
  const std::string* password = find_attribute(command, "password");
  if (!user || read_bool(*user, "disabled") || user->value_or("password") != (password ? *password : "")) {
    return trap_replies("invalid username or password");
  }
  if (find_by_mac("/ip/hotspot/active", active_by_mac_, *mac_norm)) return trap_replies("already logged in");
  Command normalised = command;
  for (Attribute& a : normalised.attributes) {
    if (a.name == "mac-address") a.value = *mac_norm;
  }
  if (auto refusal = login_refusal(*user, normalised)) return trap_replies(*refusal);
  return {start_session(*user, *mac_norm, *ip_norm)};
}

Reply RouterState::start_session(const Item& user, const std::string& mac, const std::string& ip) {
  const Item* profile = profile_of(user);
  Values values{{"server", options_.hotspot_server}, {"user", user.value_or("name")},
                {"domain", ""}, {"address", ip}, {"mac-address", mac},
                // routeros.md lists no login-by value for an API login; the closest documented
                // one is the plain-password form login.
                {"login-by", "http-pap"}, {"idle-time", "0s"},
                {"idle-timeout", profile ? profile->value_or("idle-timeout", "none") : "none"},
                {"keepalive-timeout", profile ? profile->value_or("keepalive-timeout", "2m") : "2m"}};
  for (const char* limit : {"limit-bytes-in", "limit-bytes-out", "limit-bytes-total"}) {
    if (user.values.contains(limit)) values[limit] = user.value_or(limit);
  }
  Table& active = find_menu("/ip/hotspot/active")->table;
  const bool indexed = active_by_mac_.size() == active.items().size();
  std::uint64_t number = active.insert(std::move(values));
  if (indexed) active_by_mac_[mac] = number;
  sessions_[number] = Session{user.number, 0, 0, 0, options_.default_rate, 0};
  ++sessions_of_user_[user.number];
  refresh_active_item(number);
  Item& host = host_for(mac, ip);
  host.values["authorized"] = "true";
  notify("/ip/hotspot/active", *active.find(number), false);
  return done_reply();
}

Replies RouterState::reset_counters(Menu& menu, const Command& command) {
  auto items = referenced_items(menu, command);
  if (!items) return trap_replies(items.error().message);
  for (Item* user : *items) {
    for (const char* counter : {"bytes-in", "bytes-out", "packets-in", "packets-out"}) {
      user->values[counter] = "0";
    }
    user->values["uptime"] = "0s";
  }
  return {done_reply()};
}

}  // namespace hotspot::routeros::sim
