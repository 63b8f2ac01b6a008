#pragma once
// The router objects the appliance owns, as the books want them and as the router has them.
// Ownership is a tag in the comment ("hotspot-edge" or "hotspot-edge:<detail>"): objects without
// it belong to the provider and are never changed or removed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::routeros {

inline constexpr std::string_view kOwnerTag = "hotspot-edge";

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
