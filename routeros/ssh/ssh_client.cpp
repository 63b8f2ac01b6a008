#include "routeros/ssh/ssh_client.h"

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <mbedtls/base64.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>

#include "routeros/ssh/cli_command.h"
#include "routeros/ssh/tcp_connect.h"

namespace hotspot::routeros {
namespace {

using Clock = std::chrono::steady_clock;

void init_libssh2_once() {
  static std::once_flag once;
  std::call_once(once, [] { libssh2_init(0); });
}

std::string last_error(LIBSSH2_SESSION* session) {
  char* message = nullptr;
  libssh2_session_last_error(session, &message, nullptr, 0);
  return message ? message : "unknown SSH error";
}

// "SHA256:<base64 without padding>", as OpenSSH's ssh-keygen -l prints it.
std::string sha256_fingerprint(LIBSSH2_SESSION* session) {
  const char* hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256);
  if (!hash) return {};
  unsigned char b64[64];
  std::size_t n = 0;
  mbedtls_base64_encode(b64, sizeof b64, &n, reinterpret_cast<const unsigned char*>(hash), 32);
  std::string out(reinterpret_cast<char*>(b64), n);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return "SHA256:" + out;
}

// Sets libssh2's per-call timeout to what is left of the deadline; false when none is left.
bool arm(LIBSSH2_SESSION* session, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  libssh2_session_set_timeout(session, static_cast<long>(left.count()));
  return true;
}

Error ssh_error(LIBSSH2_SESSION* session, int rc, const std::string& what) {
  if (rc == LIBSSH2_ERROR_TIMEOUT) return make_error(Errc::unavailable, what + ": the router did not answer in time");
  return make_error(Errc::io, what + ": " + last_error(session));
}

}  // namespace

struct SshClient::Impl {
  int socket = -1;
  LIBSSH2_SESSION* session = nullptr;
  std::string fingerprint;

  ~Impl() {
    if (session) {
      libssh2_session_disconnect(session, "closing");
      libssh2_session_free(session);
    }
    if (socket >= 0) ::close(socket);
  }

  Status check_host_key(const SshTarget& target, HostKeyStore& keys);
  Status authenticate(const SshAuth& auth);
};

Status SshClient::Impl::check_host_key(const SshTarget& target, HostKeyStore& keys) {
  fingerprint = sha256_fingerprint(session);
  if (fingerprint.empty()) return make_error(Errc::io, "the router sent no host key");
  const std::string endpoint = target.host + ":" + std::to_string(target.port);
  auto pinned = keys.pinned(endpoint);
  if (!pinned) return pinned.error();
  if (!*pinned) return keys.pin(endpoint, fingerprint);
  if (**pinned == fingerprint) return {};
  return make_error(Errc::permission,
                    "the SSH host key of " + endpoint + " changed (pinned " + **pinned + ", now " +
                        fingerprint + "): if the router was reset or replaced, clear the pinned "
                        "key; otherwise someone may be intercepting the connection");
}

Status SshClient::Impl::authenticate(const SshAuth& auth) {
  int rc = 0;
  if (!auth.private_key.empty()) {
    rc = libssh2_userauth_publickey_fromfile(session, auth.user.c_str(), nullptr,
                                             auth.private_key.c_str(),
                                             auth.passphrase.empty() ? nullptr : auth.passphrase.c_str());
  } else {
    rc = libssh2_userauth_password(session, auth.user.c_str(), auth.password.c_str());
  }
  if (rc == 0) return {};
  if (rc == LIBSSH2_ERROR_TIMEOUT) return ssh_error(session, rc, "SSH login");
  return make_error(Errc::permission, "the router refused the SSH login for '" + auth.user +
                                          "' (wrong password or key?)");
}

SshClient::SshClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SshClient::~SshClient() = default;

const std::string& SshClient::host_key_fingerprint() const { return impl_->fingerprint; }

std::string SshClient::local_address() const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(impl_->socket, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  char text[INET6_ADDRSTRLEN] = {};
  const void* where = addr.ss_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr);
  return ::inet_ntop(addr.ss_family, where, text, sizeof text) ? text : "";
}

Result<std::unique_ptr<SshClient>> SshClient::connect(const SshTarget& target, HostKeyStore& keys) {
  init_libssh2_once();
  const auto deadline = Clock::now() + target.connect_timeout;
  auto fd = tcp_connect(target.host, target.port, target.connect_timeout);
  if (!fd) return fd.error();
  auto impl = std::make_unique<Impl>();
  impl->socket = *fd;
  impl->session = libssh2_session_init();
  if (!impl->session) return make_error(Errc::internal, "cannot start an SSH session");
  libssh2_session_set_blocking(impl->session, 1);
  if (!arm(impl->session, deadline)) return make_error(Errc::unavailable, "SSH connection timed out");
  if (int rc = libssh2_session_handshake(impl->session, impl->socket); rc != 0) {
    return ssh_error(impl->session, rc, "SSH handshake with " + target.host);
  }
  if (auto s = impl->check_host_key(target, keys); !s) return s.error();
  if (!arm(impl->session, deadline)) return make_error(Errc::unavailable, "SSH login timed out");
  if (auto s = impl->authenticate(target.auth); !s) return s.error();
  return std::unique_ptr<SshClient>(new SshClient(std::move(impl)));
}

namespace {

// Reads one stream of the channel to its end, bounded by `max` bytes and the deadline.
Status read_stream(LIBSSH2_SESSION* session, LIBSSH2_CHANNEL* channel, int stream,
                   std::string& out, std::size_t max, Clock::time_point deadline) {
  char buffer[16384];
  for (;;) {
    if (!arm(session, deadline)) return make_error(Errc::unavailable, "the router command did not finish in time");
    ssize_t n = libssh2_channel_read_ex(channel, stream, buffer, sizeof buffer);
    if (n == 0) return {};
    if (n < 0) return ssh_error(session, static_cast<int>(n), "reading the router's answer");
    if (out.size() + static_cast<std::size_t>(n) > max) {
      return make_error(Errc::io, "the router's answer is larger than " + std::to_string(max) + " bytes");
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

Status validate_command_line(std::string_view line) {
  if (line.empty() || line.size() > kMaxCliLine) {
    return make_error(Errc::invalid_argument, "a router command line has 1 to " +
                                                  std::to_string(kMaxCliLine) + " characters");
  }
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      return make_error(Errc::invalid_argument,
                        "a router command line may not hold a newline or control character");
    }
  }
  return {};
}

}  // namespace

Result<ExecResult> SshClient::exec(std::string_view command_line, std::chrono::milliseconds timeout,
                                   std::size_t max_output) {
  if (auto s = validate_command_line(command_line); !s) return s.error();
  LIBSSH2_SESSION* session = impl_->session;
  const auto deadline = Clock::now() + timeout;
  if (!arm(session, deadline)) return make_error(Errc::unavailable, "no time left for the router command");
  LIBSSH2_CHANNEL* channel = libssh2_channel_open_session(session);
  if (!channel) return ssh_error(session, libssh2_session_last_errno(session), "opening an SSH channel");
  std::unique_ptr<LIBSSH2_CHANNEL, decltype(&libssh2_channel_free)> guard(channel, libssh2_channel_free);
  const std::string line(command_line);
  if (int rc = libssh2_channel_exec(channel, line.c_str()); rc != 0) {
    return ssh_error(session, rc, "starting the router command");
  }
  ExecResult result;
  if (auto s = read_stream(session, channel, 0, result.output, max_output, deadline); !s) return s.error();
  if (auto s = read_stream(session, channel, SSH_EXTENDED_DATA_STDERR, result.errors, max_output, deadline); !s) {
    return s.error();
  }
  libssh2_channel_close(channel);
  if (arm(session, deadline)) libssh2_channel_wait_closed(channel);
  result.exit_status = libssh2_channel_get_exit_status(channel);
  return result;
}

Status SshClient::upload(std::string_view remote_path, std::string_view contents,
                         std::chrono::milliseconds timeout) {
  if (auto s = validate_cli_value(remote_path); !s || remote_path.empty()) {
    return make_error(Errc::invalid_argument, "the file name on the router is not valid");
  }
  LIBSSH2_SESSION* session = impl_->session;
  const auto deadline = Clock::now() + timeout;
  if (!arm(session, deadline)) return make_error(Errc::unavailable, "no time left for the upload");
  LIBSSH2_SFTP* sftp = libssh2_sftp_init(session);
  if (!sftp) return ssh_error(session, libssh2_session_last_errno(session), "starting SFTP");
  std::unique_ptr<LIBSSH2_SFTP, decltype(&libssh2_sftp_shutdown)> sftp_guard(sftp, libssh2_sftp_shutdown);
  const std::string path(remote_path);
  LIBSSH2_SFTP_HANDLE* file = libssh2_sftp_open(
      sftp, path.c_str(), LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC,
      LIBSSH2_SFTP_S_IRUSR | LIBSSH2_SFTP_S_IWUSR);
  if (!file) return ssh_error(session, libssh2_session_last_errno(session), "creating " + path + " on the router");
  std::unique_ptr<LIBSSH2_SFTP_HANDLE, decltype(&libssh2_sftp_close_handle)> file_guard(file, libssh2_sftp_close_handle);
  std::size_t done = 0;
  while (done < contents.size()) {
    if (!arm(session, deadline)) return make_error(Errc::unavailable, "the upload did not finish in time");
    ssize_t n = libssh2_sftp_write(file, contents.data() + done, contents.size() - done);
    if (n < 0) return ssh_error(session, static_cast<int>(n), "writing " + path + " on the router");
    done += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace hotspot::routeros
