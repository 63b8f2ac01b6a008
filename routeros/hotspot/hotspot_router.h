#pragma once
// The router as the appliance needs it: hotspot users, user profiles, active sessions, hosts,
// the walled garden and the system menus (routeros.md §2), typed, over one API Session.
//
// Every call is asynchronous: its handler runs later on the executor (the daemon's
// io_context), exactly once, with the result or a RouterError. Every command carries the
// deadline of HotspotRouterOptions. Every string that becomes part of a word is checked first
// (words.h); bad input fails with invalid_command and nothing is sent. Every reply is parsed
// with routeros/values.h; a malformed one fails with protocol.
//
// Not thread-safe: call it on the executor's thread, as the Session.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "routeros/hotspot/call_context.h"
#include "routeros/hotspot/types.h"
#include "routeros/reconcile/diff.h"

namespace hotspot::routeros {

struct HotspotRouterOptions {
  std::chrono::milliseconds deadline{10'000};  // for each command sent
};

// A partial update of a user: only the fields given are sent.
struct UserChanges {
  std::optional<std::string> password;
  std::optional<std::string> profile;
  std::optional<std::string> comment;
  std::optional<Seconds> limit_uptime;  // zero: no limit
  std::optional<std::uint64_t> limit_bytes_total;  // zero: no limit
  std::optional<bool> disabled;
};

// /ip/hotspot/active/login: the client must be on the hotspot LAN at this MAC and IP.
struct ActiveLogin {
  std::string user;
  std::string password;
  std::string mac_address;
  std::string ip;
};

class HotspotRouter {
 public:
  HotspotRouter(boost::asio::any_io_executor executor, std::shared_ptr<Session> session,
                const Clock& clock, Logger& logger, HotspotRouterOptions options = {});

  // Users (users.cpp).
  void list_users(UserColumns columns, RouterHandler<std::vector<HotspotUser>> handler);
  // Returns the new user's *ID.
  void add_user(const UserRecord& user, RouterHandler<std::string> handler);
  void set_user(const std::string& id, const UserChanges& changes, RouterHandler<void> handler);
  // The user named `name`, or nullopt when the router has none.
  void find_user(const std::string& name, UserColumns columns,
                 RouterHandler<std::optional<HotspotUser>> handler);
  // Adds the user, or sets the fields that differ from `user` (looked up by name), or sends
  // nothing more when it matches: what redeeming a code needs whatever the router holds.
  void ensure_user(const UserRecord& user, RouterHandler<EnsureOutcome> handler);
  // Kicks the user's live sessions (a router does not, routeros.md §2.1), then removes it.
  void remove_user(const std::string& id, const std::string& name, RouterHandler<void> handler);
  // As reconciliation names them: RouterOS field names and values, each checked.
  void add_user_fields(const std::vector<Field>& fields, RouterHandler<std::string> handler);
  void set_user_fields(const std::string& id, const std::vector<Field>& fields,
                       RouterHandler<void> handler);

  // User profiles (profiles.cpp).
  void list_profiles(RouterHandler<std::vector<HotspotProfile>> handler);
  // Adds the profile, or sets the fields that differ, or sends nothing when it matches.
  void ensure_profile(const ProfileSpec& spec, RouterHandler<EnsureOutcome> handler);
  void add_profile_fields(const std::vector<Field>& fields, RouterHandler<std::string> handler);
  void set_profile_fields(const std::string& id, const std::vector<Field>& fields,
                          RouterHandler<void> handler);
  void remove_profile(const std::string& id, RouterHandler<void> handler);

  // Active sessions and hosts (sessions.cpp).
  void list_active(RouterHandler<std::vector<ActiveSession>> handler);
  void login(const ActiveLogin& login, RouterHandler<void> handler);
  void kick(const std::string& active_id, RouterHandler<void> handler);
  // Every session of the user; the handler gets how many were ended.
  void kick_user(const std::string& name, RouterHandler<std::size_t> handler);
  void list_hosts(RouterHandler<std::vector<HotspotHost>> handler);

  // Walled garden (walled_garden.cpp). Entries are ours by their comment.
  void list_walled_garden(GardenLevel level, RouterHandler<std::vector<WalledGardenEntry>> handler);
  void add_walled_garden(const WalledGardenEntry& entry, RouterHandler<std::string> handler);
  // Removes every entry of `level` whose comment is `tag`; the handler gets how many.
  void remove_walled_garden(GardenLevel level, const std::string& tag,
                            RouterHandler<std::size_t> handler);

  // System menus (system.cpp).
  void system_resource(RouterHandler<SystemResource> handler);
  void identity(RouterHandler<std::string> handler);
  void clock(RouterHandler<RouterClock> handler);
  void routerboard(RouterHandler<Routerboard> handler);
  void licence(RouterHandler<Licence> handler);

  // Commands sent through this object so far (prints, adds, kicks: every one).
  std::uint64_t commands_sent() const { return ctx_->commands_sent; }
  Logger& logger() const { return ctx_->logger; }
  const boost::asio::any_io_executor& executor() const { return ctx_->executor; }

 private:
  // `menu` is a string constant: the reply handler keeps the pointer.
  void add_fields(const char* menu, std::vector<Field> fields,
                  Status (*check)(const Field&), RouterHandler<std::string> handler);
  void set_fields(const char* menu, const std::string& id, std::vector<Field> fields,
                  Status (*check)(const Field&), RouterHandler<void> handler);

  ContextPtr ctx_;
};

}  // namespace hotspot::routeros
