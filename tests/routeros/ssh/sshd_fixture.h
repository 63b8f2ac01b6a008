#pragma once
// A real OpenSSH sshd on loopback, started for one test on a free port with a fresh host key and
// user key, whose forced command (fake_routeros_cli.sh) answers like the RouterOS CLI and whose
// SFTP subsystem is OpenSSH's own. Needs root (sshd's privilege separation) and openssh-server,
// which scripts/test installs; without them the tests skip and say why.

#include <filesystem>
#include <string>

namespace hotspot::routeros::testing {

class SshdFixture {
 public:
  SshdFixture();
  ~SshdFixture();
  SshdFixture(const SshdFixture&) = delete;
  SshdFixture& operator=(const SshdFixture&) = delete;

  // Empty when the server runs; otherwise why it could not start (for GTEST_SKIP).
  const std::string& unavailable() const { return unavailable_; }
  int port() const { return port_; }
  const std::filesystem::path& user_key() const { return user_key_; }
  const std::filesystem::path& other_key() const { return other_key_; }
  std::filesystem::path files() const { return dir_ / "files"; }
  // Every command line the fake router received, in order.
  std::string commands_log() const;
  // Replaces the server's host key (as a reset router would) and restarts it on the same port.
  void regenerate_host_key();

 private:
  void start();
  void stop();

  std::filesystem::path dir_;
  std::filesystem::path user_key_;
  std::filesystem::path other_key_;
  std::string unavailable_;
  int port_ = 0;
  int pid_ = -1;
};

}  // namespace hotspot::routeros::testing
