#include "routeros/sim/version.h"

#include <charconv>

namespace hotspot::routeros::sim {

std::string RouterOsVersion::to_string() const {
  std::string text = std::to_string(major) + "." + std::to_string(minor);
  if (patch != 0) text += "." + std::to_string(patch);
  return text;
}

Result<RouterOsVersion> parse_router_os_version(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end && count < 3) {
    auto [next, ec] = std::from_chars(at, end, parts[count]);
    if (ec != std::errc() || parts[count] < 0 || parts[count] > 999) break;
    ++count;
    at = next;
    if (at == end || *at != '.') break;
    ++at;
  }
  if (count < 2 || at != end || parts[0] < 6 || parts[0] > 7) {
    return make_error(Errc::invalid_argument,
                      "RouterOS version must look like 6.42, 6.49.10 or 7.18 (major 6 or 7)");
  }
  return RouterOsVersion{parts[0], parts[1], parts[2]};
}

}  // namespace hotspot::routeros::sim
