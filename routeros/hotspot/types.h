#pragma once
// What the hotspot and system menus hold, typed (routeros.md §2). The router prints strings;
// row_parsers.h turns them into these, and a value that does not parse is an error.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/duration.h"
#include "routeros/reconcile/records.h"

namespace hotspot::routeros {

// /ip/hotspot/user: the fields the books own plus the router's accounting counters.
struct HotspotUser {
  UserRecord record;
  Seconds uptime{0};
  std::uint64_t bytes_in = 0;   // received from the client (its upload)
  std::uint64_t bytes_out = 0;  // sent to the client (its download)
  bool operator==(const HotspotUser&) const = default;
};

// Which columns list_users asks for: reconciliation needs no counters, which a router
// computes per item (.proplist keeps the reply small, routeros.md §1.8).
enum class UserColumns { books, with_counters };

// /ip/hotspot/user/profile, as ensure_profile makes it. A timeout that is absent is "none".
struct ProfileSpec {
  std::string name;
  std::string rate_limit;         // "5M/2M" = client upload/download; empty for none
  std::uint32_t shared_users = 1; // 0 means "unlimited"
  std::optional<Seconds> session_timeout;
  std::optional<Seconds> idle_timeout;
  std::optional<Seconds> keepalive_timeout;
  bool add_mac_cookie = false;
  Seconds mac_cookie_timeout{std::chrono::hours(72)};  // the router's default, 3d
  bool operator==(const ProfileSpec&) const = default;
};

struct HotspotProfile {
  std::string id;
  ProfileSpec spec;
  std::string comment;  // listed in case the router keeps one; ensure_profile never sets it
  bool operator==(const HotspotProfile&) const = default;
};

enum class EnsureOutcome { created, updated, unchanged };

// /ip/hotspot/active: one logged-in client.
struct ActiveSession {
  std::string id;
  std::string server;
  std::string user;
  std::string address;
  std::string mac_address;
  std::string login_by;
  Seconds uptime{0};
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::optional<Seconds> session_time_left;
};

// /ip/hotspot/host: any device seen on the hotspot LAN.
struct HotspotHost {
  std::string id;
  std::string mac_address;
  std::string address;
  std::string to_address;
  std::string server;
  bool authorized = false;
  bool bypassed = false;
};

// /ip/hotspot/walled-garden (HTTP level) or /ip/hotspot/walled-garden/ip (any protocol).
enum class GardenLevel { http, ip };
struct WalledGardenEntry {
  GardenLevel level = GardenLevel::ip;
  std::string id;
  std::string action;       // http: allow|deny; ip: accept|drop|reject; empty = the default
  std::string dst_host;     // a host name, '*' and '?' wildcards allowed
  std::string dst_address;  // ip level only: an IPv4 address
  std::string comment;      // the tag entries are found and removed by
};

struct SystemResource {
  std::string version;  // "7.18 (stable)"
  std::string board_name;
  std::string architecture;
  std::uint32_t cpu_load = 0;  // percent
  std::uint64_t free_memory = 0;
  std::uint64_t total_memory = 0;
  Seconds uptime{0};
};

struct RouterClock {
  WallTime router_time;             // the router's clock as a UTC instant
  std::chrono::seconds gmt_offset{0};
  // Router minus appliance: positive when the router is ahead.
  std::chrono::seconds offset_from_appliance{0};
};

struct Routerboard {
  bool routerboard = false;  // false on CHR and x86
  std::string model;
  std::string serial_number;
  std::string current_firmware;
};

// How many hotspot users may be logged in at once under a licence level.
struct LicenceCapacity {
  enum class Kind { limited, unlimited, unknown };
  Kind kind = Kind::unknown;
  std::uint32_t active_users = 0;  // for limited
  bool confirmed = false;          // false: from memory, not from a source we cite
};

struct Licence {
  std::string level;  // "4" (RouterBOARD nlevel) or "p1"/"free" (CHR level)
  LicenceCapacity capacity;
};

// The capacity of a RouterOS licence level, "0" to "6"; anything else is unknown.
LicenceCapacity licence_capacity(std::string_view level);

}  // namespace hotspot::routeros
