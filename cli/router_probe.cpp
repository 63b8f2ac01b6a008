#include "cli/router_probe.h"

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/log.h"
#include "routeros/client/session.h"
#include "routeros/client/tcp_transport.h"
#include "routeros/values.h"

namespace hotspot::cli {
namespace {

using routeros::Command;
using routeros::Response;
using routeros::RouterResult;

std::string field(const routeros::Row& row, std::string_view name) {
  for (const auto& a : row) {
    if (a.name == name) return a.value;
  }
  return {};
}

// The printed fields, one command at a time; the first failure is the answer.
struct Reads {
  std::optional<RouterResult<Response>> resource, identity, licence, hotspots, clock;
};

void read_all(routeros::Session& session, Reads& reads) {
  auto run = [&](std::optional<RouterResult<Response>>& slot, Command command) {
    session.async_run(std::move(command), [&slot](RouterResult<Response> r) { slot = std::move(r); });
  };
  run(reads.resource, Command{"/system/resource/print", {{".proplist", "version,board-name,uptime"}}, {}, {}});
  run(reads.identity, Command{"/system/identity/print", {}, {}, {}});
  run(reads.licence, Command{"/system/license/print", {}, {}, {}});
  run(reads.hotspots, Command{"/ip/hotspot/print", {{".proplist", "name,interface,disabled"}}, {}, {}});
  run(reads.clock, Command{"/system/clock/print", {{".proplist", "date,time,gmt-offset"}}, {}, {}});
}

std::optional<long long> clock_offset(const routeros::Row& row, const Clock& clock) {
  auto offset = routeros::parse_gmt_offset(field(row, "gmt-offset"));
  auto when = routeros::parse_date_value(field(row, "date"), field(row, "time"),
                                         offset ? *offset : std::chrono::seconds(0));
  if (!when) return std::nullopt;
  return to_unix_seconds(*when) - to_unix_seconds(clock.wall_now());
}

Result<RouterReport> report_from(Reads& reads, bool challenge, const Clock& clock) {
  for (auto* slot : {&reads.resource, &reads.identity, &reads.licence, &reads.hotspots, &reads.clock}) {
    if (!(*slot)->ok()) return (*slot)->error().to_error();
  }
  RouterReport report;
  report.challenge_login = challenge;
  auto first = [](auto& slot) { return (*slot)->rows.empty() ? routeros::Row{} : (*slot)->rows.front(); };
  report.version = field(first(reads.resource), "version");
  report.board = field(first(reads.resource), "board-name");
  report.uptime = field(first(reads.resource), "uptime");
  report.identity = field(first(reads.identity), "name");
  const auto licence = first(reads.licence);
  report.licence_level = field(licence, "nlevel").empty() ? field(licence, "level") : field(licence, "nlevel");
  for (const auto& row : (*reads.hotspots)->rows) {
    report.hotspot_servers.push_back({field(row, "name"), field(row, "interface"), field(row, "disabled") == "true"});
  }
  report.clock_offset_s = clock_offset(first(reads.clock), clock);
  return report;
}

}  // namespace

BlockingRouter::BlockingRouter(std::chrono::seconds timeout)
    : deadline_(std::chrono::steady_clock::now() + timeout) {}

BlockingRouter::~BlockingRouter() {
  if (session_) session_->close();
  io_.restart();
  io_.run_for(std::chrono::milliseconds(100));  // let the close complete
}

bool BlockingRouter::run_until(const std::function<bool()>& done) {
  while (!done() && std::chrono::steady_clock::now() < deadline_) {
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }
  return done();
}

Result<std::unique_ptr<BlockingRouter>> BlockingRouter::connect(
    const routeros::RouterLinkOptions& options, std::chrono::seconds timeout) {
  std::unique_ptr<BlockingRouter> router(new BlockingRouter(timeout));
  std::unique_ptr<routeros::Transport> transport = std::make_unique<routeros::TcpTransport>(router->io_);
  if (options.tls) transport = std::make_unique<routeros::TlsTransport>(std::move(transport), *options.tls);
  router->session_ = routeros::Session::create(std::move(transport), options.session, router->log_);
  std::optional<RouterResult<void>> opened;
  router->session_->async_open([&](RouterResult<void> r) { opened = std::move(r); });
  if (!router->run_until([&] { return opened.has_value(); })) {
    return make_error(Errc::unavailable, "the router did not answer within " + std::to_string(timeout.count()) + " s");
  }
  if (!opened->ok()) return opened->error().to_error();
  return router;
}

Result<RouterReport> probe_router(const routeros::RouterLinkOptions& options, const Clock& clock,
                                  std::chrono::seconds timeout) {
  auto router = BlockingRouter::connect(options, timeout);
  if (!router) return router.error();
  Reads reads;
  read_all(*(*router)->session(), reads);
  const bool finished = (*router)->run_until([&] {
    return reads.resource && reads.identity && reads.licence && reads.hotspots && reads.clock;
  });
  if (!finished) return make_error(Errc::unavailable, "the router stopped answering");
  return report_from(reads, (*router)->session()->used_challenge_login(), clock);
}

}  // namespace hotspot::cli
