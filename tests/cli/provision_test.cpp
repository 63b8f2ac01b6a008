// hotspotctl router provision against a real sshd whose forced command answers like RouterOS.
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "sshd_fixture.h"

namespace hotspot::cli::testing {
namespace {

using hotspot::routeros::testing::SshdFixture;

class ProvisionTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    if (!sshd_.unavailable().empty()) GTEST_SKIP() << sshd_.unavailable();
    init_books();
  }

  std::vector<std::string> provision(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"router", "provision", "--host", "127.0.0.1", "--ssh-port",
                                     std::to_string(sshd_.port()), "--ssh-user", "root", "--ssh-key",
                                     sshd_.user_key().string(), "--lan-interface", "ether2,wlan1",
                                     "--network", "10.5.50.0/24", "--appliance-ip", "10.5.50.2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  SshdFixture sshd_;
};

TEST_F(ProvisionTest, DryRunPrintsTheScriptWithThePasswordHiddenAndChangesNothing) {
  auto r = run(provision({"--dry-run"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/ip hotspot"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hotspot-edge-plan-1"), std::string::npos) << "the plan's profile";
  EXPECT_NE(r.out.find("********"), std::string::npos);
  EXPECT_EQ(sshd_.commands_log(), "/system/resource/print\n") << "a dry run only reads the version";
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "router-backups"));
}

TEST_F(ProvisionTest, BacksUpImportsUploadsTheLoginPageAndSetsTheRouter) {
  auto r = run(provision());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const std::string log = sshd_.commands_log();
  const auto exported = log.find("/export terse");
  const auto imported = log.find("/import file-name=");
  ASSERT_NE(exported, std::string::npos) << log;
  ASSERT_NE(imported, std::string::npos) << log;
  EXPECT_LT(exported, imported) << "the backup comes before any change";
  EXPECT_NE(log.find("/file remove"), std::string::npos) << "the script with the password is removed";
  EXPECT_FALSE(std::filesystem::exists(sshd_.files() / "hotspot-edge-provision.rsc"));
  const std::string page = read_file(sshd_.files() / "hotspot" / "login.html");
  EXPECT_NE(page.find("10.5.50.2"), std::string::npos);
  EXPECT_NE(page.find("$(mac"), std::string::npos);
  ASSERT_TRUE(std::filesystem::exists(data_dir_ / "router-backups"));
  EXPECT_FALSE(std::filesystem::is_empty(data_dir_ / "router-backups"));

  auto status = nlohmann::json::parse(run_ok({"status", "--json"}).out);
  const auto& secrets = status["configured"]["secrets"];
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "router.password"), secrets.end());
}

TEST_F(ProvisionTest, AChangedHostKeyStopsEverything) {
  ASSERT_EQ(run(provision({"--dry-run"})).code, 0);  // pins the key in the books
  sshd_.regenerate_host_key();
  auto r = run(provision());
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("host key"), std::string::npos) << r.err;
  EXPECT_EQ(sshd_.commands_log(), "/system/resource/print\n") << "nothing ran on the changed router";
}

TEST_F(ProvisionTest, BadInputIsRefusedBeforeAnythingChanges) {
  for (const auto& extra : std::vector<std::vector<std::string>>{
           {"--network", "10.5.50.0/33"}, {"--lan-interface", "ether2;/system/reboot"},
           {"--appliance-ip", "10.5.50.300"}, {"--portal-port", "0"}}) {
    auto args = provision();
    // The later option wins in the request; replace the earlier one.
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == extra[0]) args[i + 1] = extra[1];
    }
    if (std::find(args.begin(), args.end(), extra[0]) == args.end()) args.insert(args.end(), extra.begin(), extra.end());
    auto r = run(args);
    EXPECT_NE(r.code, 0) << extra[0];
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
  }
  EXPECT_EQ(sshd_.commands_log().find("/import"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "router-backups"));
}

TEST_F(ProvisionTest, NeedsItsOptions) {
  auto r = run({"router", "provision", "--host", "127.0.0.1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--ssh-user"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hotspot::cli::testing

namespace hotspot::cli::testing {
namespace {

TEST_F(ProvisionTest, BackupKeepsTheExportAndOptionallyABinaryBackup) {
  auto r = run({"router", "backup", "--host", "127.0.0.1", "--ssh-port", std::to_string(sshd_.port()),
                "--ssh-user", "root", "--ssh-key", sshd_.user_key().string(), "--on-router"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(data_dir_ / "router-backups"));
  bool has_export = false;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir_ / "router-backups")) {
    has_export = has_export || read_file(entry.path()).find("/ip hotspot") != std::string::npos;
  }
  EXPECT_TRUE(has_export);
  EXPECT_NE(sshd_.commands_log().find("/system/backup/save name=\"hotspot-edge-"), std::string::npos)
      << sshd_.commands_log();
}

}  // namespace
}  // namespace hotspot::cli::testing
