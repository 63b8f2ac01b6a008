// Reading the config file: the only part of the config pipeline that touches the OS.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "daemon/config.h"

namespace hotspot::daemon {
namespace {

Error file_error(const std::filesystem::path& path, std::string_view what) {
  return make_error(Errc::io, path.string() + ": " + std::string(what));
}

Error errno_error(const std::filesystem::path& path, std::string_view action, int err) {
  const Errc code = (err == EACCES || err == EPERM) ? Errc::permission
                    : (err == ENOENT)               ? Errc::not_found
                                                    : Errc::io;
  return make_error(code, path.string() + ": " + std::string(action) + ": " + std::strerror(err));
}

// Closes the descriptor on every path out of read_small_file.
struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

Result<std::string> read_small_file(const std::filesystem::path& path) {
  // O_NONBLOCK so that a FIFO given by mistake cannot stall start-up before fstat rejects it.
  FdGuard file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) return errno_error(path, "cannot open the config file", errno);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return errno_error(path, "cannot read the config file", errno);
  if (S_ISDIR(st.st_mode)) return file_error(path, "is a directory, not a config file");
  if (!S_ISREG(st.st_mode)) return file_error(path, "is not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxConfigBytes) {
    return file_error(path, "is larger than 1 MiB; this is not a hotspotd config file");
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(file.fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error(path, "cannot read the config file", errno);
    if (n == 0) break;  // shrank while we read; parse what there is
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  return text;
}

}  // namespace

Result<Config> load_config(const std::filesystem::path& path) {
  if (path.empty()) return make_error(Errc::invalid_argument, "the config path is empty");
  auto text = read_small_file(path);
  if (!text) return text.error();
  return parse_config(*text, path.string());
}

}  // namespace hotspot::daemon
