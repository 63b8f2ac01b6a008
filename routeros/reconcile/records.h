#pragma once
// The router objects the appliance owns, as the books want them and as the router has them.
// Ownership of a user is a tag in its comment ("hotspot-edge" or "hotspot-edge:<detail>"), of a
// profile its name (plan_profile_name below). Objects that are not ours belong to the provider
// and are never changed or removed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::routeros {

inline constexpr std::string_view kOwnerTag = "hotspot-edge";

// The user profile that carries a plan on the router. RouterOS user profiles have no comment,
// so profiles are known as ours by this name prefix ("hotspot-edge-").
std::string plan_profile_name(std::int64_t plan_id);   // "hotspot-edge-plan-3"
bool is_owned_profile_name(std::string_view name);

// "hotspot-edge" alone or followed by ':' and a detail ("hotspot-edge:ticket=42").
bool is_owned(std::string_view comment);
std::string owner_comment(std::string_view detail);

// /ip/hotspot/user/profile
struct ProfileRecord {
  std::string id;  // "*1A" on the router; empty in the desired state
  std::string name;
  std::string rate_limit;  // "2M/5M", empty for none
  int shared_users = 1;
  std::string comment;
  bool operator==(const ProfileRecord&) const = default;
};

// /ip/hotspot/user
struct UserRecord {
  std::string id;
  std::string name;
  std::string password;
  std::string profile;
  std::optional<std::int64_t> limit_uptime_s;        // absent = no limit
  std::optional<std::uint64_t> limit_bytes_total;
  std::string comment;
  bool disabled = false;
  bool operator==(const UserRecord&) const = default;
};

}  // namespace hotspot::routeros
