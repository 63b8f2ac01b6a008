#pragma once
// `hotspotctl router test`: connect, log in, and read what a technician wants to know, or the
// one reason it failed.

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "routeros/client/router_link.h"

namespace hotspot::cli {

struct HotspotServer {
  std::string name;
  std::string interface;
  bool disabled = false;
};

struct RouterReport {
  bool challenge_login = false;  // the router is older than 6.43
  std::string version;
  std::string board;
  std::string identity;
  std::string licence_level;
  std::string uptime;
  std::vector<HotspotServer> hotspot_servers;
  std::optional<long long> clock_offset_s;  // router clock minus this machine's, when readable
};

Result<RouterReport> probe_router(const routeros::RouterLinkOptions& options, const Clock& clock,
                                  std::chrono::seconds timeout);

}  // namespace hotspot::cli
