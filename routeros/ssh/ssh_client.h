#pragma once
// SSH to the router with libssh2: provisioning, exports and backups. Every call blocks (with a
// deadline), so it runs on a worker thread, never on the event loop.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "routeros/ssh/host_keys.h"

namespace hotspot::routeros {

struct SshAuth {
  std::string user;
  std::string password;                  // used when no private key is given
  std::filesystem::path private_key;     // OpenSSH or PEM private key file
  std::string passphrase;
};

struct SshTarget {
  std::string host;
  std::uint16_t port = 22;
  SshAuth auth;
  std::chrono::milliseconds connect_timeout{10'000};
};

struct ExecResult {
  std::string output;  // stdout
  std::string errors;  // stderr
  int exit_status = 0; // RouterOS's means little; see cli_output_reports_error
};

class SshClient {
 public:
  // Connects, checks the host key against `keys` (pinning it on first use), authenticates.
  // Errors: unavailable (refused, unreachable, timeout), permission (bad credentials, a changed
  // host key: the message shows both fingerprints), io (protocol failure).
  static Result<std::unique_ptr<SshClient>> connect(const SshTarget& target, HostKeyStore& keys);
  ~SshClient();
  SshClient(const SshClient&) = delete;
  SshClient& operator=(const SshClient&) = delete;

  // Runs one command line (build it with cli_command); refuses control characters and lines
  // longer than kMaxCliLine. Output beyond `max_output` bytes is an error, not a truncation.
  Result<ExecResult> exec(std::string_view command_line, std::chrono::milliseconds deadline,
                          std::size_t max_output = 16 << 20);
  // Writes `contents` to `remote_path` over SFTP (created or replaced, mode 0600).
  Status upload(std::string_view remote_path, std::string_view contents,
                std::chrono::milliseconds deadline);
  // The server's host key fingerprint, "SHA256:<base64>" as OpenSSH prints it.
  const std::string& host_key_fingerprint() const;
  // This machine's address on the connection to the router (how the router reaches us).
  std::string local_address() const;

 private:
  struct Impl;
  explicit SshClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotspot::routeros
