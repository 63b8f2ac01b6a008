// routeros-sim's command line, and the binary itself as a process.
#include "routeros/sim/command_line.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "blocking_client.h"
#include "routeros/sim/server.h"
#include "server_fixture.h"

extern char** environ;

namespace hotspot::routeros::sim {
namespace {

Result<SimCommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "routeros-sim");
  return parse_sim_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, ReadsEveryOption) {
  auto line = parse({"--listen", "0.0.0.0:18728", "--user", "api", "--password", "pw", "--version", "6.42",
                     "--control", "--tick-ms", "0", "--max-sessions", "5"});
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->address, "0.0.0.0");
  EXPECT_EQ(line->port, 18728);
  EXPECT_EQ(line->user, "api");
  EXPECT_EQ(line->password, "pw");
  EXPECT_EQ(line->version, (RouterOsVersion{6, 42, 0}));
  EXPECT_TRUE(line->control_commands);
  EXPECT_EQ(line->tick.count(), 0);
  EXPECT_EQ(line->max_connections, 5u);
  auto empty_password = parse({"--user", "admin", "--password="});
  ASSERT_TRUE(empty_password.ok());
  EXPECT_EQ(empty_password->password, "");
}

TEST(CommandLine, RefusesBadInputWithAReason) {
  for (const auto& args : std::vector<std::vector<const char*>>{
           {"--user", "admin"},                                      // no password
           {"--password", "x"},                                      // no user
           {"--user", "a", "--password", "x", "--version", "5.26"},  // not 6 or 7
           {"--user", "a", "--password", "x", "--listen", "localhost"},
           {"--user", "a", "--password", "x", "--listen", "127.0.0.1:70000"},
           {"--user", "a", "--password", "x", "--max-sessions", "0"},
           {"--user", "a", "--password", "x", "--bogus"},
           {"--user", "a", "--password", "x", "--tls-cert", "c.pem"},  // no key
           {"--user", "a", "--password", "x", "--tls-cert", "c.pem", "--tls-key", "k.pem",
            "--tls-self-signed", "out.pem"}}) {
    auto line = parse(args);
    EXPECT_FALSE(line.ok()) << args[0];
    if (!line.ok()) {
      EXPECT_FALSE(line.error().message.empty());
    }
  }
}

TEST(CommandLine, TlsOptions) {
  auto line = parse({"--user", "a", "--password", "x", "--tls-cert", "c.pem", "--tls-key", "k.pem"});
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->tls_certificate, "c.pem");
  EXPECT_EQ(line->tls_key, "k.pem");
  line = parse({"--user", "a", "--password", "x", "--tls-self-signed", "out.pem"});
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->tls_self_signed_out, "out.pem");
}

TEST(ListenAddress, Forms) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:8728")->second, 8728);
  EXPECT_EQ(parse_listen_address("[::1]:8729")->first, "::1");
  EXPECT_FALSE(parse_listen_address(":8728").ok());
  EXPECT_FALSE(parse_listen_address("127.0.0.1:").ok());
  EXPECT_FALSE(parse_listen_address("host.example:8728").ok());
}

TEST(RouterOsSimBinary, ListensAnswersAndStopsOnSigterm) {
  testing::Watchdog watchdog(std::chrono::seconds(30));
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const char* argv[] = {ROUTEROS_SIM_BINARY, "--listen", "127.0.0.1:0", "--user", "admin",
                        "--password", "secret", "--version", "7.18", nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, ROUTEROS_SIM_BINARY, &actions, nullptr, const_cast<char**>(argv), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  FILE* output = fdopen(out[0], "r");
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, output), nullptr);
  unsigned port = 0;
  ASSERT_EQ(std::sscanf(line, "routeros-sim listening on 127.0.0.1:%u (RouterOS 7.18)", &port), 1) << line;
  {
    testing::BlockingClient client(static_cast<std::uint16_t>(port));
    EXPECT_EQ(testing::kinds(client.call(testing::command("/login", {{"name", "admin"}, {"password", "secret"}}))),
              "!done");
    EXPECT_EQ(testing::kinds(client.call(testing::command("/ip/hotspot/user/print"))), "!empty !done");
  }
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::fclose(output);
}

}  // namespace
}  // namespace hotspot::routeros::sim
