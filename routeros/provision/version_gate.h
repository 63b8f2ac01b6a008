#pragma once
// Which RouterOS versions the provisioning script is written for. The script uses the
// space-separated menu form ("/ip hotspot profile"), which v6 and v7 both accept (reference §4.2),
// so the menus are the same for both; what differs is the NTP client (v6: primary-ntp,
// secondary-ntp and server-dns-names; v7: servers). The floor is 6.43: the appliance logs in to
// the API with the plain-text method introduced in 6.43 (reference §1.9), and older routers are
// past support. A major version we have not seen (8 and up) is refused rather than guessed at.

#include <string_view>

#include "core/result.h"

namespace hotspot::routeros {

struct RouterOsVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  bool operator==(const RouterOsVersion&) const = default;
};

// "7.12.1", "6.49.10 (long-term)", "7.18 (stable)", "7.1beta4 (development)".
Result<RouterOsVersion> parse_routeros_version(std::string_view text);

// The parsed version when the script supports it; otherwise Errc::unsupported with a sentence
// that says why and what to do.
Result<RouterOsVersion> check_supported_version(std::string_view text);

}  // namespace hotspot::routeros
