#pragma once
// The listening end of systemd's notification protocol, for tests that run the real hotspotd:
// an AF_UNIX datagram socket whose path goes into the child's $NOTIFY_SOCKET.

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::daemon::testing {

class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (fd_ < 0 || path_.native().size() >= sizeof addr.sun_path) {
      throw std::runtime_error("cannot create a notify socket at " + path_.string());
    }
    std::memcpy(addr.sun_path, path_.c_str(), path_.native().size() + 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot bind " + path_.string() + ": " + std::strerror(errno));
    }
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Waits (at most until `deadline`) for a datagram with a line equal to `assignment`;
  // every datagram received meanwhile is kept in received().
  bool wait_for(std::string_view assignment, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      auto message = receive(deadline);
      if (!message) return false;
      if (has_line(*message, assignment)) return true;
    }
  }

  // How many datagrams received so far carry `assignment`.
  std::size_t count(std::string_view assignment) const {
    std::size_t n = 0;
    for (const std::string& m : received_) n += has_line(m, assignment) ? 1 : 0;
    return n;
  }
  const std::vector<std::string>& received() const { return received_; }
  std::string transcript() const {
    std::string text;
    for (const std::string& m : received_) text += "[" + m + "] ";
    return text;
  }

 private:
  std::optional<std::string> receive(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0) return std::nullopt;
    received_.emplace_back(buffer, static_cast<std::size_t>(n));
    return received_.back();
  }
  static bool has_line(const std::string& message, std::string_view assignment) {
    std::istringstream lines(message);
    for (std::string line; std::getline(lines, line);) {
      if (line == assignment) return true;
    }
    return false;
  }

  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<std::string> received_;
};

}  // namespace hotspot::daemon::testing
