#pragma once
// Runs the real hotspotd binary as a child process with a chosen environment, its output in
// files, and a hard deadline: whatever a test does, the child is killed when the test ends.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotspot::daemon::testing {

struct ProcessSpec {
  std::vector<std::string> args;               // after argv[0]
  std::map<std::string, std::string> env;      // added to (or replacing) the test's own
  bool watchdog_pid_is_child = false;          // set WATCHDOG_PID to the child's own pid
  std::filesystem::path output_dir;            // stdout.txt and stderr.txt go here
};

class DaemonProcess {
 public:
  // Throws std::runtime_error if the child cannot be started.
  explicit DaemonProcess(const ProcessSpec& spec);
  ~DaemonProcess();  // SIGKILLs and reaps the child if it still runs
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  pid_t pid() const { return pid_; }
  void send(int signo) const;
  // The exit code (128 + signal number when killed), or nullopt if still running at `deadline`.
  std::optional<int> wait_exit(std::chrono::steady_clock::time_point deadline);
  bool running();

  std::string out() const;
  std::string err() const;
  // Polls stderr until it contains `text`; false at the deadline.
  bool wait_for_err(const std::string& text, std::chrono::steady_clock::time_point deadline) const;
  bool wait_for_out(const std::string& text, std::chrono::steady_clock::time_point deadline) const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

// The hotspotd built alongside these tests.
std::string hotspotd_path();

// Runs hotspotd to completion (killing it at `limit`) and returns {exit code, stdout, stderr}.
struct Completed {
  int code = -1;
  std::string out;
  std::string err;
};
Completed run_hotspotd(const std::vector<std::string>& args, const std::filesystem::path& dir,
                       std::chrono::seconds limit = std::chrono::seconds(20));

}  // namespace hotspot::daemon::testing
