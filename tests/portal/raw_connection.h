#pragma once
// A phone's connection to the portal as raw bytes, for what httplib::Client will not send:
// half requests, pipelined requests, bodies that never come.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace hotspot::portal::testing {

// Opens a raw connection to the portal; -1 on failure.
inline int connect_raw(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads one HTTP response (headers and a Content-Length body) from a raw connection; empty
// when the connection ends or the watchdog expires first.
inline std::string read_response(int fd) {
  timeval watchdog{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &watchdog, sizeof watchdog);
  std::string data;
  char buffer[4096];
  while (true) {
    const auto end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      const auto at = data.find("Content-Length: ");
      const std::size_t length = at == std::string::npos ? 0 : std::stoul(data.substr(at + 16));
      if (data.size() >= end + 4 + length) return data;
    }
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

inline bool send_all(int fd, const std::string& data) {
  return ::send(fd, data.data(), data.size(), 0) == static_cast<ssize_t>(data.size());
}

// Everything the server sends until it closes the connection; what came before the watchdog
// expired (with `closed` false) otherwise.
inline std::string read_until_closed(int fd, bool* closed = nullptr) {
  timeval watchdog{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &watchdog, sizeof watchdog);
  std::string data;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    data.append(buffer, static_cast<std::size_t>(n));
  }
  if (closed) *closed = n == 0;
  return data;
}

// How many times `needle` occurs in `text`.
inline std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace hotspot::portal::testing
