// SSH against a real sshd on loopback whose forced command answers like the RouterOS CLI.
#include "routeros/ssh/ssh_client.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "routeros/ssh/cli_command.h"
#include "sshd_fixture.h"

namespace hotspot::routeros::testing {
namespace {

using std::chrono::milliseconds;

class SshClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sshd_.unavailable().empty()) GTEST_SKIP() << sshd_.unavailable();
  }

  SshTarget target(std::filesystem::path key = {}) {
    SshTarget t;
    t.host = "127.0.0.1";
    t.port = static_cast<std::uint16_t>(sshd_.port());
    t.auth.user = "root";
    t.auth.private_key = key.empty() ? sshd_.user_key() : key;
    t.connect_timeout = milliseconds(5000);
    return t;
  }

  std::unique_ptr<SshClient> connect() {
    auto client = SshClient::connect(target(), keys_);
    EXPECT_TRUE(client) << client.error().message;
    return client ? std::move(*client) : nullptr;
  }

  static std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  SshdFixture sshd_;
  MemoryHostKeyStore keys_;
};

TEST_F(SshClientTest, ExportTerseReturnsTheRoutersLines) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto line = cli_command("/export", {"terse"}, {});
  ASSERT_TRUE(line);
  auto result = client->exec(*line, milliseconds(5000));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_NE(result->output.find("/ip hotspot user profile add name=plan-1"), std::string::npos);
  EXPECT_FALSE(cli_output_reports_error(result->output));
}

TEST_F(SshClientTest, TheHostKeyIsPinnedOnFirstUseAndAChangeIsRefused) {
  auto first = connect();
  ASSERT_TRUE(first);
  const std::string fingerprint = first->host_key_fingerprint();
  EXPECT_EQ(fingerprint.rfind("SHA256:", 0), 0u);
  auto pinned = keys_.pinned("127.0.0.1:" + std::to_string(sshd_.port()));
  ASSERT_TRUE(pinned && *pinned);
  EXPECT_EQ(**pinned, fingerprint);
  first.reset();
  EXPECT_TRUE(connect()) << "the same key connects again";

  sshd_.regenerate_host_key();
  auto changed = SshClient::connect(target(), keys_);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, Errc::permission);
  EXPECT_NE(changed.error().message.find("changed"), std::string::npos) << changed.error().message;
  EXPECT_NE(changed.error().message.find(fingerprint), std::string::npos);
  EXPECT_EQ(sshd_.commands_log(), "") << "nothing may run on a router whose key changed";
}

TEST_F(SshClientTest, UploadOverSftpThenImport) {
  auto client = connect();
  ASSERT_TRUE(client);
  const std::string script = "/ip hotspot user profile add name=plan-2 rate-limit=1M/1M\n";
  ASSERT_TRUE(client->upload("hotspot-edge.rsc", script, milliseconds(5000)));
  EXPECT_EQ(read(sshd_.files() / "hotspot-edge.rsc"), script);
  auto line = cli_command("/import", {}, {{"file-name", "hotspot-edge.rsc"}});
  ASSERT_TRUE(line);
  auto result = client->exec(*line, milliseconds(5000));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_NE(result->output.find("loaded and executed successfully"), std::string::npos);

  auto missing = client->exec(*cli_command("/import", {}, {{"file-name", "nope.rsc"}}), milliseconds(5000));
  ASSERT_TRUE(missing);
  EXPECT_TRUE(cli_output_reports_error(missing->output));
}

TEST_F(SshClientTest, BackupSave) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto line = cli_command("/system/backup/save", {}, {{"name", "before-provision"}, {"dont-encrypt", "yes"}});
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "/system/backup/save name=\"before-provision\" dont-encrypt=\"yes\"");
  auto result = client->exec(*line, milliseconds(5000));
  ASSERT_TRUE(result);
  EXPECT_TRUE(std::filesystem::exists(sshd_.files() / "before-provision.backup"));
}

TEST_F(SshClientTest, HostileValuesArriveAsOneQuotedArgument) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto line = cli_command("/system/backup/save", {}, {{"name", "x\"; /system/reboot; :put \"$y?"}});
  ASSERT_TRUE(line);
  ASSERT_TRUE(client->exec(*line, milliseconds(5000)));
  EXPECT_EQ(sshd_.commands_log(),
            "/system/backup/save name=\"x\\\"; /system/reboot; :put \\\"\\$y\\?\"\n");
}

TEST_F(SshClientTest, ARawLineWithANewlineNeverLeaves) {
  auto client = connect();
  ASSERT_TRUE(client);
  const std::vector<std::string> lines = {"/export\n/system/reboot", "/export\r",
                                         std::string("/export\0/system/reboot", 22), "/export\t"};
  for (const auto& line : lines) {
    EXPECT_FALSE(client->exec(line, milliseconds(1000))) << line;
  }
  EXPECT_FALSE(client->exec(std::string(kMaxCliLine + 1, 'a'), milliseconds(1000)));
  EXPECT_EQ(sshd_.commands_log(), "");
}

TEST_F(SshClientTest, ACommandPastItsDeadlineIsAnError) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto result = client->exec("/sleep", milliseconds(300));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::unavailable);
  EXPECT_NE(result.error().message.find("in time"), std::string::npos) << result.error().message;
}

TEST_F(SshClientTest, AWrongKeyIsABadLogin) {
  auto client = SshClient::connect(target(sshd_.other_key()), keys_);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, Errc::permission);
  EXPECT_NE(client.error().message.find("refused the SSH login"), std::string::npos);
}

TEST_F(SshClientTest, NobodyListeningIsRefused) {
  SshTarget t = target();
  t.port = 1;  // nothing listens on tcpmux here
  auto client = SshClient::connect(t, keys_);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, Errc::unavailable);
  EXPECT_NE(client.error().message.find("refused"), std::string::npos) << client.error().message;
}

}  // namespace
}  // namespace hotspot::routeros::testing
