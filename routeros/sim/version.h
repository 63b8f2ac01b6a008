#pragma once
// The RouterOS release the simulator pretends to be: it decides the login method (plaintext from
// 6.43), whether empty prints start with !empty (7.18) and the date format (ISO from 7.10).

#include <compare>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot::routeros::sim {

struct RouterOsVersion {
  int major = 7;
  int minor = 12;
  int patch = 0;

  auto operator<=>(const RouterOsVersion&) const = default;
  std::string to_string() const;  // "7.12", "6.49.10"

  bool plaintext_login() const { return *this >= RouterOsVersion{6, 43, 0}; }
  bool sends_empty() const { return *this >= RouterOsVersion{7, 18, 0}; }
  bool iso_dates() const { return *this >= RouterOsVersion{7, 10, 0}; }
};

// "6.42", "7.18", "6.49.10".
Result<RouterOsVersion> parse_router_os_version(std::string_view text);

}  // namespace hotspot::routeros::sim
