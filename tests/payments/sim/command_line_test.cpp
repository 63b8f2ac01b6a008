// daraja-sim's command line, and the binary itself as a process.
#include "payments/sim/command_line.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <future>
#include <vector>

#include "payments/http/https_client.h"
#include "tests/payments/http/test_certificates.h"

extern char** environ;

namespace hotspot::payments::sim {
namespace {

Result<DarajaSimCommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "daraja-sim");
  return parse_daraja_sim_command_line(static_cast<int>(args.size()), args.data());
}

const std::vector<const char*> kRequired = {
    "--cert", "c.pem", "--key", "k.pem", "--consumer-key", "ck", "--consumer-secret", "cs"};

TEST(DarajaSimCommandLine, DefaultsAndRequiredOptions) {
  auto line = parse(kRequired);
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->address, "127.0.0.1");
  EXPECT_EQ(line->port, 8443);
  EXPECT_EQ(line->options.consumer_key, "ck");
  EXPECT_EQ(line->options.merchant.shortcode, "174379");
  EXPECT_EQ(line->options.callback_delay, std::chrono::seconds(2));
  EXPECT_FALSE(line->options.allow_http_callbacks);
}

TEST(DarajaSimCommandLine, EveryOption) {
  auto args = kRequired;
  args.insert(args.end(), {"--listen", "0.0.0.0:9443", "--shortcode", "600000", "--passkey", "pk",
                           "--callback-delay-ms", "20", "--late-callback-ms", "300",
                           "--callback-ca", "ca.pem", "--allow-http-callbacks"});
  auto line = parse(args);
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->address, "0.0.0.0");
  EXPECT_EQ(line->port, 9443);
  EXPECT_EQ(line->options.merchant.passkey, "pk");
  EXPECT_EQ(line->options.callback_delay, std::chrono::milliseconds(20));
  EXPECT_EQ(line->options.late_callback_after, std::chrono::milliseconds(300));
  EXPECT_EQ(line->callback_ca_path, "ca.pem");
  EXPECT_TRUE(line->options.allow_http_callbacks);
}

TEST(DarajaSimCommandLine, RefusesMissingOrBadValues) {
  EXPECT_FALSE(parse({"--cert", "c.pem", "--key", "k.pem"}).ok()) << "no consumer key";
  EXPECT_FALSE(parse({"--consumer-key", "a", "--consumer-secret", "b"}).ok()) << "no certificate";
  for (std::vector<const char*> extra :
       std::vector<std::vector<const char*>>{{"--listen", "8443"},
                                             {"--listen", "127.0.0.1:70000"},
                                             {"--callback-delay-ms", "-1"},
                                             {"--late-callback-ms", "x"},
                                             {"--no-such-option"}}) {
    auto args = kRequired;
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_FALSE(parse(args).ok()) << extra[0];
  }
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A test that stops early must not leave the simulator running.
struct StopOnExit {
  pid_t pid = 0;
  ~StopOnExit() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

TEST(DarajaSimBinary, ListensAnswersOAuthAndStopsOnSigterm) {
  char dir_template[] = "/tmp/daraja-sim-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const auto certs = payments::testing::make_test_certificates("localhost");
  write_file(dir + "/cert.pem", certs.server_certificate_pem);
  write_file(dir + "/key.pem", certs.server_key_pem);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  const char* argv[] = {DARAJA_SIM_BINARY,
                        "--listen",
                        "127.0.0.1:0",
                        "--cert",
                        cert.c_str(),
                        "--key",
                        key.c_str(),
                        "--consumer-key",
                        "ck",
                        "--consumer-secret",
                        "cs",
                        nullptr};
  pid_t pid = 0;
  ASSERT_EQ(
      posix_spawn(&pid, DARAJA_SIM_BINARY, &actions, nullptr, const_cast<char**>(argv), environ),
      0);
  StopOnExit stop{pid};
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  // The watchdog: a simulator that never says where it listens is killed, and the test fails.
  std::promise<void> listening;
  auto watchdog = std::async(std::launch::async, [pid, heard = listening.get_future()]() mutable {
    if (heard.wait_for(std::chrono::seconds(30)) == std::future_status::timeout) kill(pid, SIGKILL);
  });
  FILE* output = fdopen(out[0], "r");
  char line[256] = {};
  const bool got_line = std::fgets(line, sizeof line, output) != nullptr;
  listening.set_value();
  ASSERT_TRUE(got_line);
  unsigned port = 0;
  ASSERT_EQ(
      std::sscanf(line, "daraja-sim listening on https://127.0.0.1:%u (shortcode 174379)", &port),
      1)
      << line;
  http::HttpsClientOptions options;
  options.trust = *http::TlsTrust::from_pem(certs.ca_pem);
  // base64("ck:cs")
  auto token = http::request_blocking({"GET",
                                       "https://localhost:" + std::to_string(port) +
                                           "/oauth/v1/generate?grant_type=client_credentials",
                                       {{"Authorization", "Basic Y2s6Y3M="}},
                                       "",
                                       std::chrono::seconds(10)},
                                      options);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(token->status, 200) << token->body;
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  stop.pid = 0;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::fclose(output);
  std::remove(cert.c_str());
  std::remove(key.c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace hotspot::payments::sim
