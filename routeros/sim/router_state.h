#pragma once
// The router itself, without IO: the hotspot and system menus, the API accounts, the active
// sessions and a clock that only moves when told to. RouterState::execute takes a parsed
// command and returns the replies a real router would send (without .tag; the session adds it).
// Not thread-safe: the server serialises access.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "routeros/protocol.h"
#include "routeros/sim/replies.h"
#include "routeros/sim/table.h"
#include "routeros/sim/version.h"

namespace hotspot::routeros::sim {

// Traffic of one active session, in bytes per second as the router counts them:
// in = received from the client (its upload), out = sent to it (its download).
struct TrafficRate {
  std::uint64_t in_per_second = 0;
  std::uint64_t out_per_second = 0;
};

// An API login account (/user) and its group's policies ("read", "write", "api", ...).
struct Account {
  std::string name;
  std::string password;
  std::set<std::string> policies;
};

struct RouterOptions {
  RouterOsVersion version;
  std::string identity = "MikroTik";
  WallTime boot_time = from_unix_seconds(1717228800);  // 2024-06-01 08:00:00 UTC
  TrafficRate default_rate{2'000, 20'000};
  std::uint64_t seed = 0x5eed;                         // login challenges
  std::string hotspot_server = "hs1";
  // routeros.md §2.3 infers that /ip/hotspot/active/login needs the host in /ip/hotspot/host
  // already; off by default so a test or the demo need not invent hosts first.
  bool require_known_host = false;
};

class RouterState {
 public:
  explicit RouterState(RouterOptions options = {});

  const RouterOptions& options() const { return options_; }
  void add_account(Account account);
  const Account* find_account(std::string_view name) const;
  // 16 random bytes for the pre-6.43 login challenge.
  std::string new_challenge();

  // Runs one logged-in command for `who`.
  Replies execute(const Command& command, const Account& who);

  // The controllable clock: moves uptimes and byte counters of active sessions and logs
  // sessions out when their user reaches limit-uptime, a byte limit or session-timeout.
  void advance(std::chrono::seconds dt);
  WallTime now() const { return options_.boot_time + uptime_; }
  std::chrono::seconds uptime() const { return uptime_; }
  void set_default_traffic_rate(TrafficRate rate) { options_.default_rate = rate; }
  // A restart: every session ends (its counters added to its user, as a logout does), the hosts
  // are forgotten, and active sessions are numbered from *1 again. The router's clock runs on
  // (NTP sets it at boot). The caller drops the API connections (Server::stop, then listen).
  void reboot();
  // For one active session ("*3"); not_found when there is none.
  Status set_traffic_rate(std::string_view active_id, TrafficRate rate);

  // Direct access for seeding and assertions: "/ip/hotspot/user", "/ip/hotspot/active", ...
  Table* table(std::string_view menu);
  // A device seen on the hotspot LAN, as /ip/hotspot/host lists it. Returns its *ID.
  std::string add_host(std::string_view mac_address, std::string_view address);

  // `listen`: called with the printed words of an item after every change to the menu, with
  // ".dead=yes" appended when it was removed. Returns a handle for unlisten().
  using Listener = std::function<void(const std::vector<Attribute>& words)>;
  std::uint64_t listen(std::string menu, Listener listener);
  void unlisten(std::uint64_t handle);
  // The trap a router sends for `<menu>/listen` by `who` (unknown menu, missing policy), or
  // nullopt when the listen may start.
  std::optional<Replies> refuse_listen(std::string_view menu, const Account& who);

 private:
  struct Menu {
    Table table;
    bool can_add = true;
    bool can_set = true;
    bool can_remove = true;
  };
  struct Session {  // the counters behind one /ip/hotspot/active item
    std::uint64_t user = 0;  // the /ip/hotspot/user item
    std::int64_t uptime = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    TrafficRate rate;
    std::int64_t idle = 0;  // seconds without traffic
  };
  struct Subscription {
    std::string menu;
    Listener listener;
  };

  void add_menu(std::string path, Schema schema, bool can_add = true, bool can_set = true,
                bool can_remove = true, std::uint64_t first_id = 1);
  void seed_defaults();
  Menu* find_menu(std::string_view path);
  Replies dispatch(const Command& command, std::string_view menu, std::string_view verb,
                   const Account& who);
  static bool permitted(std::string_view verb, const Account& who);

  // table_commands.cpp
  Replies print(Menu& menu, const Command& command);
  Replies print_values(const Values& values, const Command& command);
  Replies add(std::string_view path, Menu& menu, const Command& command);
  Replies set(std::string_view path, Menu& menu, const Command& command);
  Replies remove(std::string_view path, Menu& menu, const Command& command);
  Result<Values> checked_values(Menu& menu, const Command& command, const Item* current);
  Result<std::vector<Item*>> referenced_items(Menu& menu, const Command& command);
  void notify(std::string_view menu, const Item& item, bool dead);

  // hotspot_sessions.cpp
  Replies active_login(const Command& command);
  Replies reset_counters(Menu& menu, const Command& command);
  std::optional<std::string> login_refusal(const Item& user, const Command& command);
  Reply start_session(const Item& user, const std::string& mac, const std::string& ip);
  void log_out(std::uint64_t session_number);
  std::int64_t seconds_to_limit(const Session& session);
  void run_session(Session& session, std::int64_t seconds);
  void refresh_active_item(std::uint64_t number);
  const Item* profile_of(const Item& user);
  Item& host_for(std::string_view mac, std::string_view address);
  Item* find_host(std::string_view mac);
  // The item of `menu` whose mac-address is `mac`, through `index` (rebuilt whenever it no
  // longer matches the table, e.g. after an API remove), so that a router with thousands of
  // phones finds one without a scan per login.
  Item* find_by_mac(std::string_view menu, std::map<std::string, std::uint64_t, std::less<>>& index,
                    std::string_view mac);

  // system_menus.cpp
  bool is_system_menu(std::string_view menu) const;
  Replies system_command(std::string_view menu, std::string_view verb, const Command& command);
  Values system_values(std::string_view menu) const;

  RouterOptions options_;
  std::mt19937_64 random_;
  std::chrono::seconds uptime_{0};
  std::vector<Account> accounts_;
  StringMap<Menu> menus_;
  std::map<std::uint64_t, Session> sessions_;  // by /ip/hotspot/active item number
  std::map<std::uint64_t, std::size_t> sessions_of_user_;  // user item number -> live sessions
  std::map<std::string, std::uint64_t, std::less<>> host_by_mac_;
  std::map<std::string, std::uint64_t, std::less<>> active_by_mac_;
  std::map<std::uint64_t, Subscription> subscriptions_;
  std::uint64_t next_subscription_ = 1;
  std::string identity_;
};

}  // namespace hotspot::routeros::sim
