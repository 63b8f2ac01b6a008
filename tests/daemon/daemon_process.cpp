#include "tests/daemon/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

#include "tests/daemon/temp_dir.h"

extern char** environ;

namespace hotspot::daemon::testing {
namespace {

// Variables of the test's own environment that would confuse the child (a test run under
// systemd, for instance) are dropped before the spec's are added.
bool inherited(const std::string& entry) {
  for (const char* name : {"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=", "JOURNAL_STREAM=",
                           "LISTEN_FDS=", "LISTEN_PID="}) {
    if (entry.starts_with(name)) return false;
  }
  return true;
}

std::vector<std::string> child_environment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (inherited(entry) && spec.env.count(name) == 0) env.push_back(entry);
  }
  for (const auto& [name, value] : spec.env) env.push_back(name + "=" + value);
  return env;
}

// Async-signal-safe: the child may only do this much between fork and exec.
void write_decimal(char* out, pid_t value) {
  char digits[16];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (n > 0) *out++ = digits[--n];
  *out = '\0';
}

}  // namespace

std::string hotspotd_path() { return HOTSPOTD_PATH; }

DaemonProcess::DaemonProcess(const ProcessSpec& spec)
    : out_path_(spec.output_dir / "stdout.txt"), err_path_(spec.output_dir / "stderr.txt") {
  std::vector<std::string> args{hotspotd_path()};
  args.insert(args.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env = child_environment(spec);
  env.push_back(std::string("WATCHDOG_PID=") + std::string(16, '\0'));  // filled in the child
  char* pid_slot = env.back().data() + std::strlen("WATCHDOG_PID=");
  if (!spec.watchdog_pid_is_child) env.pop_back();

  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  const int out_fd = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create the output files");
  pid_ = ::fork();
  if (pid_ == 0) {
    if (spec.watchdog_pid_is_child) write_decimal(pid_slot, ::getpid());
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  if (pid_ < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void DaemonProcess::send(int signo) const { ::kill(pid_, signo); }

std::optional<int> DaemonProcess::wait_exit(std::chrono::steady_clock::time_point deadline) {
  while (!exit_code_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

bool DaemonProcess::running() { return !wait_exit(std::chrono::steady_clock::now()); }

std::string DaemonProcess::out() const { return read_file(out_path_); }
std::string DaemonProcess::err() const { return read_file(err_path_); }

bool DaemonProcess::wait_for_err(const std::string& text,
                                 std::chrono::steady_clock::time_point deadline) const {
  while (err().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool DaemonProcess::wait_for_out(const std::string& text,
                                 std::chrono::steady_clock::time_point deadline) const {
  while (out().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

Completed run_hotspotd(const std::vector<std::string>& args, const std::filesystem::path& dir,
                       std::chrono::seconds limit) {
  DaemonProcess process({args, {}, false, dir});
  Completed result;
  const auto code = process.wait_exit(std::chrono::steady_clock::now() + limit);
  result.code = code ? *code : -1;  // the destructor kills a child that overran
  result.out = process.out();
  result.err = process.err();
  return result;
}

}  // namespace hotspot::daemon::testing
