#include "storage/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace hotspot::storage {
namespace {

Error os_error(Errc code, const std::string& what, int err) {
  return make_error(code, what + ": " + std::strerror(err));
}

Status write_all(int fd, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return os_error(Errc::io, "cannot write key file", errno);
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

void fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

Status create_key_file(const std::filesystem::path& path, RandomSource& random, bool& created) {
  created = false;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return {};
  Key256 key{};
  random.fill(key);
  const auto tmp = path.string() + ".new";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return os_error(Errc::io, "cannot create key file " + tmp, errno);
  Status written = write_all(fd, key.data(), key.size());
  if (written && ::fsync(fd) != 0) written = os_error(Errc::io, "cannot sync key file", errno);
  ::close(fd);
  // link() fails if another process created the key meanwhile; theirs wins and ours is dropped.
  if (written && ::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    written = os_error(Errc::io, "cannot install key file " + path.string(), errno);
  }
  ::unlink(tmp.c_str());
  if (!written) return written;
  fsync_directory(path.parent_path());
  created = true;
  return {};
}

Result<Key256> load_key_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) {
      return make_error(Errc::not_found,
                        "key file " + path.string() +
                            " is missing: the stored secrets cannot be read without it; restore "
                            "it from your backup");
    }
    return os_error(Errc::permission, "cannot read key file " + path.string(), errno);
  }
  struct stat st {};
  ::fstat(fd, &st);
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return make_error(Errc::permission, "key file " + path.string() +
                                            " is readable by other users; run: chmod 600 " +
                                            path.string());
  }
  Key256 key{};
  ssize_t n = ::read(fd, key.data(), key.size());
  char extra = 0;
  ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(key.size()) || more != 0) {
    return make_error(Errc::corrupt, "key file " + path.string() +
                                         " is damaged (it must hold exactly 32 bytes)");
  }
  return key;
}

}  // namespace hotspot::storage
