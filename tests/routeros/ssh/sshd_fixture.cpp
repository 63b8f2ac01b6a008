#include "sshd_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef FAKE_ROUTEROS_CLI
#error "FAKE_ROUTEROS_CLI must name tests/routeros/ssh/fake_routeros_cli.sh"
#endif

namespace hotspot::routeros::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSshd = "/usr/sbin/sshd";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool keygen(const fs::path& path) {
  const std::string cmd = "ssh-keygen -q -t ed25519 -N '' -f '" + path.string() + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

SshdFixture::SshdFixture() {
  if (::geteuid() != 0) {
    unavailable_ = "sshd needs root for its privilege separation; run the tests as root";
    return;
  }
  if (!fs::exists(kSshd)) {
    unavailable_ = "openssh-server is not installed (scripts/test installs it)";
    return;
  }
  char pattern[] = "/tmp/hotspot-sshd-XXXXXX";
  dir_ = ::mkdtemp(pattern);
  fs::create_directories(dir_ / "files");
  fs::create_directories("/run/sshd");
  fs::copy_file(FAKE_ROUTEROS_CLI, dir_ / "fake_routeros_cli.sh");
  user_key_ = dir_ / "user_key";
  other_key_ = dir_ / "other_key";
  if (!keygen(dir_ / "host_key") || !keygen(user_key_) || !keygen(other_key_)) {
    unavailable_ = "ssh-keygen failed";
    return;
  }
  fs::copy_file(dir_ / "user_key.pub", dir_ / "authorized_keys");
  start();
}

SshdFixture::~SshdFixture() {
  stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void SshdFixture::start() {
  if (port_ == 0) port_ = free_port();  // a restart keeps its port, as a router's address stays
  std::ofstream(dir_ / "sshd_config")
      << "Port " << port_ << "\nListenAddress 127.0.0.1\nHostKey " << (dir_ / "host_key").string()
      << "\nPidFile none\nAuthorizedKeysFile " << (dir_ / "authorized_keys").string()
      << "\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
         "UsePAM no\nPermitRootLogin prohibit-password\nForceCommand "
      << (dir_ / "fake_routeros_cli.sh").string() << "\nSubsystem sftp internal-sftp\n";
  pid_ = ::fork();
  if (pid_ == 0) {
    // sshd must not outlive a crashed test, nor hold the test's output pipes open.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    const std::string config = (dir_ / "sshd_config").string();
    const std::string log = (dir_ / "sshd.log").string();
    ::execl(kSshd, kSshd, "-D", "-f", config.c_str(), "-E", log.c_str(), nullptr);
    ::_exit(127);
  }
  for (int i = 0; i < 100 && !accepts(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!accepts(port_)) unavailable_ = "sshd did not start; see " + (dir_ / "sshd.log").string();
}

void SshdFixture::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void SshdFixture::regenerate_host_key() {
  stop();
  fs::remove(dir_ / "host_key");
  fs::remove(dir_ / "host_key.pub");
  keygen(dir_ / "host_key");
  start();
}

std::string SshdFixture::commands_log() const {
  std::ifstream in(dir_ / "commands.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hotspot::routeros::testing
