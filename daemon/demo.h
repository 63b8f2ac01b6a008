#pragma once
// `hotspotd --demo`: the daemon on a throw-away data directory holding a few plans a Kenyan
// hotspot would really sell, so that anyone can see it run without installing anything.

#include <filesystem>
#include <string>
#include <vector>

#include "core/plan.h"
#include "core/result.h"
#include "daemon/config.h"

namespace hotspot::daemon {

// Hourly, daily, weekly, a data bundle and a connected-time plan; each passes validate_plan.
std::vector<Plan> demo_plans();

// A directory made with mkdtemp under $TMPDIR (or /tmp), removed with everything in it when
// this object is destroyed, so a demo leaves nothing behind after Ctrl-C.
class DemoDirectory {
 public:
  static Result<DemoDirectory> create();
  DemoDirectory(DemoDirectory&& other) noexcept;
  DemoDirectory& operator=(DemoDirectory&&) = delete;
  DemoDirectory(const DemoDirectory&) = delete;
  DemoDirectory& operator=(const DemoDirectory&) = delete;
  ~DemoDirectory();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit DemoDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;  // empty once moved from
};

struct DemoSummary {
  std::filesystem::path data_dir;
  std::filesystem::path database;
  int schema_version = 0;
  std::vector<Plan> plans;
  Config config;
  std::string router;  // where the demo's router is
  int portal_port = 0;  // where the portal listens (the config's, or the one picked for port 0)
  std::string voucher_plan;                // the plan of the demo's vouchers
  std::vector<std::string> voucher_codes;  // printed so that a person can redeem one
  std::string mpesa;  // where the demo's Daraja simulator is and how to pick outcomes
  int dashboard_port = 0;  // where the dashboard listens, like portal_port
  std::string dashboard_user;      // the demo's owner account, printed to sign in with
  std::string dashboard_password;
};

// What the demo prints on stdout: where the books are, what they hold, where the portal serves
// and how to try it as a phone would, a few voucher codes, and how to stop.
std::string describe_demo(const DemoSummary& summary);

// "http://192.168.88.2:8080/", "http://[::1]:8081/".
std::string endpoint_url(const ListenConfig& endpoint);

// The portal as the router's login page would send a phone to it (a made-up MAC and IP on the
// hotspot LAN, and the page it wanted); a wildcard listen address becomes loopback.
std::string demo_phone_url(const ListenConfig& portal);

// The made-up phone of demo_phone_url.
inline constexpr const char* kDemoPhoneMac = "02:00:00:00:00:01";
inline constexpr const char* kDemoPhoneIp = "10.5.50.10";

}  // namespace hotspot::daemon
