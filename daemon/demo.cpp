#include "daemon/demo.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <sstream>

#include "core/version.h"
#include "core/voucher_code.h"

namespace hotspot::daemon {
namespace {

constexpr std::uint64_t kMbps = 1'000'000;  // rates are decimal bits per second
constexpr std::uint64_t kGiB = 1ULL << 30;  // sizes are binary, as RouterOS counts bytes

Plan timed_plan(std::string name, std::int64_t kes, Seconds time, std::uint64_t up_mbps,
                std::uint64_t down_mbps, int devices) {
  Plan p;
  p.name = std::move(name);
  p.price = Kes{kes};
  p.time_allowance = time;
  p.upload_bps = up_mbps * kMbps;
  p.download_bps = down_mbps * kMbps;
  p.shared_devices = devices;
  return p;
}

std::string plan_line(const Plan& plan) {
  std::ostringstream line;
  line << "    " << std::left << std::setw(18) << plan.name << std::setw(12)
       << format_kes(plan.price) << describe_allowance(plan);
  if (plan.validity == ValidityMode::connected_time) line << " (counts only time online)";
  return line.str();
}

// A wildcard is not an address anyone can type into a browser; say what it means.
std::string where(const ListenConfig& endpoint) {
  if (endpoint.address == "0.0.0.0" || endpoint.address == "::") {
    return "  (every address of this machine)";
  }
  return "";
}

}  // namespace

std::vector<Plan> demo_plans() {
  using std::chrono::hours;
  std::vector<Plan> plans;
  plans.push_back(timed_plan("1 Hour", 10, hours(1), 2, 5, 1));
  plans.push_back(timed_plan("Daily", 50, hours(24), 3, 6, 1));
  plans.push_back(timed_plan("Weekly", 250, hours(24 * 7), 3, 6, 2));
  Plan online = timed_plan("5 Hours Online", 30, hours(5), 2, 5, 1);
  online.validity = ValidityMode::connected_time;
  plans.push_back(online);
  Plan bundle;
  bundle.name = "1 GB";
  bundle.price = Kes{100};
  bundle.data_allowance_bytes = kGiB;
  bundle.upload_bps = 5 * kMbps;
  bundle.download_bps = 10 * kMbps;
  plans.push_back(bundle);
  return plans;
}

Result<DemoDirectory> DemoDirectory::create() {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path base = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  std::string pattern = (base / "hotspot-demo-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return make_error(Errc::io, "cannot create a demo directory under " + base.string() + ": " +
                                    std::strerror(errno));
  }
  return DemoDirectory(std::filesystem::path(pattern));
}

DemoDirectory::DemoDirectory(DemoDirectory&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

DemoDirectory::~DemoDirectory() {
  if (path_.empty()) return;
  std::error_code ec;  // best effort: a destructor has nobody to report to
  std::filesystem::remove_all(path_, ec);
}

std::string endpoint_url(const ListenConfig& endpoint) {
  const bool v6 = endpoint.address.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + endpoint.address + "]" : endpoint.address;
  return "http://" + host + ":" + std::to_string(endpoint.port) + "/";
}

std::string demo_phone_url(const ListenConfig& portal) {
  ListenConfig reachable = portal;
  if (portal.address == "0.0.0.0") reachable.address = "127.0.0.1";
  if (portal.address == "::") reachable.address = "::1";
  return endpoint_url(reachable) + "?mac=" + kDemoPhoneMac + "&ip=" + kDemoPhoneIp +
         "&link-orig=http%3A%2F%2Fexample.com%2F";
}

std::string describe_demo(const DemoSummary& s) {
  std::ostringstream out;
  out << "hotspotd " << kVersion << " demo\n"
      << "  Data directory:  " << s.data_dir.string() << " (removed when the demo stops)\n"
      << "  Database:        " << s.database.string() << " (schema version " << s.schema_version
      << ")\n"
      << "  Plans on sale (" << s.plans.size() << "):\n";
  for (const Plan& plan : s.plans) out << plan_line(plan) << "\n";
  if (!s.router.empty()) {
    out << "  Router:              " << s.router << "\n"
        << "    its health and the plans pushed to it: hotspotctl --data-dir "
        << s.data_dir.string() << " status\n";
  }
  ListenConfig portal = s.config.portal;
  if (s.portal_port != 0) portal.port = static_cast<std::uint16_t>(s.portal_port);
  out << "  Customer portal:     " << endpoint_url(portal) << where(portal) << "\n";
  if (!s.voucher_codes.empty()) {
    out << "  Try it as a phone on the hotspot would (the router's login page sends it so):\n"
        << "    " << demo_phone_url(portal) << "\n"
        << "  and redeem one of these " << s.voucher_plan << " vouchers:\n   ";
    for (const auto& code : s.voucher_codes) out << " " << format_voucher_code(code);
    out << "\n  The session then shows in the simulator and in hotspotctl status.\n";
  }
  if (!s.mpesa.empty()) {
    out << "  M-PESA:              " << s.mpesa << "\n"
        << "    or buy a plan on the same page with any Kenyan number, e.g. 0712 345 600.\n";
  }
  ListenConfig dashboard = s.config.dashboard;
  if (s.dashboard_port != 0) dashboard.port = static_cast<std::uint16_t>(s.dashboard_port);
  out << "  Provider dashboard:  " << endpoint_url(dashboard) << where(dashboard) << "\n";
  if (!s.dashboard_user.empty()) {
    out << "    sign in as " << s.dashboard_user << ", password " << s.dashboard_password
        << " (the router's setup script is under Router setup)\n";
  }
  out << "Press Ctrl-C to stop.\n";
  return out.str();
}

}  // namespace hotspot::daemon
