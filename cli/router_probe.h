#pragma once
// `hotspotctl router test`: connect, log in, and read what a technician wants to know, or the
// one reason it failed.

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>

#include "core/clock.h"
#include "core/log.h"
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

// One logged-in session for a CLI command, driven on its own io_context until a condition
// holds or the deadline passes. Closes the session when destroyed.
class BlockingRouter {
 public:
  static Result<std::unique_ptr<BlockingRouter>> connect(const routeros::RouterLinkOptions& options,
                                                         std::chrono::seconds timeout);
  ~BlockingRouter();
  boost::asio::io_context& io() { return io_; }
  const std::shared_ptr<routeros::Session>& session() const { return session_; }
  // Runs the io_context until `done()` or the deadline; false on the deadline.
  bool run_until(const std::function<bool()>& done);

 private:
  explicit BlockingRouter(std::chrono::seconds timeout);
  boost::asio::io_context io_;
  NullLogger log_;
  std::shared_ptr<routeros::Session> session_;
  std::chrono::steady_clock::time_point deadline_;
};

Result<RouterReport> probe_router(const routeros::RouterLinkOptions& options, const Clock& clock,
                                  std::chrono::seconds timeout);

}  // namespace hotspot::cli
