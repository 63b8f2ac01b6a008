#include "appliance_fixture.h"

#include "routeros/settings/router_settings.h"

namespace hotspot::daemon::testing {

using namespace std::chrono_literals;
namespace rsim = routeros::sim;

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds watchdog) {
  const auto deadline = std::chrono::steady_clock::now() + watchdog;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

void ApplianceFixture::SetUp() {
  rsim::RouterOptions router_options;
  router_options.version = *rsim::parse_router_os_version("7.12");
  router_options.boot_time = appliance_clock().wall_now();
  router_state_ = std::make_unique<rsim::RouterState>(router_options);
  router_state_->add_account({"api", "s3cret", {"read", "write", "api", "test"}});
  add_hosts(*router_state_);
  router_ = std::make_unique<rsim::Server>(io_, *router_state_);
  ASSERT_TRUE(router_->listen("127.0.0.1", 0).ok());
  router_port_ = router_->local_endpoint().port();
  start_simulators();
  if (HasFatalFailure()) return;

  io_thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
  open_books();
  if (HasFatalFailure()) return;
  routeros::RouterSettings settings;
  settings.host = "127.0.0.1";
  settings.port = router_port_;
  settings.user = "api";
  ASSERT_TRUE(routeros::save_router_settings(*store_, settings, "s3cret", "test"));
  fill_books();
  if (HasFatalFailure()) return;
  start_appliance();
}

void ApplianceFixture::TearDown() {
  // A setup that failed before the loop ran has nothing on it to stop.
  if (!io_thread_.joinable()) return;
  stop_appliance();
  on_loop([this] {
    router_->stop();
    stop_simulators();
  });
  io_.stop();
  io_thread_.join();
}

void ApplianceFixture::open_books() {
  auto opened = storage::Store::open({dir_.path() / "data", true}, appliance_clock(), log_);
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
}

void ApplianceFixture::start_appliance() {
  if (!store_) open_books();
  on_loop([this] {
    router_service_ = RouterService::create(io_, *store_, appliance_clock(), log_, {200ms, 60s});
    router_service_->start();
    UsageServiceOptions usage_options;
    usage_options.interval = 100ms;
    shape_usage(usage_options);
    usage_ = UsageService::create(io_, *store_, *router_service_, live_, appliance_clock(), log_,
                                  usage_options);
    usage_->start();
  });
  backend_ = std::make_unique<AppliancePortalBackend>(io_, *store_, *router_service_, live_,
                                                      *usage_, appliance_clock(), log_);
  start_services();
  if (HasFatalFailure()) return;
  portal::PortalOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  portal_ = std::make_unique<portal::PortalServer>(*backend_, appliance_clock(), log_, options);
  ASSERT_TRUE(portal_->start().ok());
  ASSERT_TRUE(eventually([&] { return router_connected(); })) << log_.text();
}

void ApplianceFixture::stop_appliance() {
  if (portal_) portal_->stop();
  stop_services();
  on_loop([this] {
    if (usage_) usage_->stop();
    if (router_service_) router_service_->stop();
  });
  portal_.reset();
  release_services();
  backend_.reset();
  usage_.reset();
  router_service_.reset();
  live_.replace({});
  if (store_) store_->close();
  store_.reset();
}

bool ApplianceFixture::router_connected() {
  std::promise<bool> up;
  boost::asio::post(io_, [&] { up.set_value(router_service_->session() != nullptr); });
  return up.get_future().get();
}

std::vector<std::pair<std::string, std::string>> ApplianceFixture::router_sessions() {
  return router_->with_state([](rsim::RouterState& s) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& reply : s.execute(routeros::Command{"/ip/hotspot/active/print", {}, {}, {}},
                                       *s.find_account("api"))) {
      if (reply.kind == routeros::ReplyKind::re) {
        out.emplace_back(reply.get("user").value_or(""), reply.get("mac-address").value_or(""));
      }
    }
    return out;
  });
}

}  // namespace hotspot::daemon::testing
