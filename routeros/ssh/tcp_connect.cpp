#include "routeros/ssh/tcp_connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace hotspot::routeros {
namespace {

// Non-blocking connect, then wait for writability until the deadline.
int connect_one(const addrinfo& ai, int timeout_ms, int& err) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) {
    err = errno;
    return -1;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, ai.ai_addr, ai.ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, timeout_ms);
    if (rc == 0) {
      err = ETIMEDOUT;
      rc = -1;
    } else if (rc > 0) {
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      rc = err == 0 ? 0 : -1;
    } else {
      err = errno;
    }
  } else if (rc != 0) {
    err = errno;
  }
  if (rc != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, flags);  // libssh2 drives the socket in blocking mode
  return fd;
}

}  // namespace

Result<int> tcp_connect(const std::string& host, std::uint16_t port,
                        std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return make_error(Errc::unavailable, "cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  int err = 0;
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    if (int fd = connect_one(*ai, static_cast<int>(timeout.count()), err); fd >= 0) return fd;
  }
  const std::string where = host + ":" + service;
  if (err == ETIMEDOUT) return make_error(Errc::unavailable, where + " did not answer in time");
  if (err == ECONNREFUSED) return make_error(Errc::unavailable, where + " refused the connection");
  return make_error(Errc::unavailable, "cannot connect to " + where + ": " + std::strerror(err));
}

}  // namespace hotspot::routeros
