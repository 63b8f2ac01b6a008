// router provision: turn a factory-fresh MikroTik into a hotspot whose login page sends
// customers to this appliance, over SSH, after keeping an /export of what was there.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <istream>
#include <ostream>
#include <sstream>

#include <boost/asio/io_context.hpp>

#include "cli/commands.h"
#include "cli/router_probe.h"
#include "routeros/client/tcp_transport.h"
#include "routeros/client/tls_transport.h"
#include "routeros/provision/api_certificate.h"
#include "routeros/provision/script.h"
#include "routeros/provision/uploads.h"
#include "routeros/settings/provisioning_books.h"
#include "routeros/settings/router_settings.h"
#include "routeros/ssh/cli_command.h"
#include "routeros/ssh/ssh_client.h"
#include "storage/accounts.h"
#include "storage/context.h"

namespace hotspot::cli {
namespace {

using namespace std::chrono_literals;
using routeros::SshClient;

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

// "version: 7.12.1 (stable)" in `/system/resource/print` output.
std::string version_from(const std::string& output) {
  const auto at = output.find("version:");
  if (at == std::string::npos) return {};
  std::string rest = output.substr(at + 8);
  rest.erase(0, rest.find_first_not_of(' '));
  return rest.substr(0, rest.find_first_of(" \r\n"));
}

Result<std::unique_ptr<SshClient>> ssh_connect(Invocation& inv, storage::Store& store) {
  routeros::SshTarget target;
  target.host = inv.args["host"].as<std::string>();
  auto port = inv.integer_option("ssh-port");
  if (!port || *port < 1 || *port > 65535) return make_error(Errc::invalid_argument, "--ssh-port: 1 to 65535");
  target.port = static_cast<std::uint16_t>(*port);
  target.auth.user = inv.args["ssh-user"].as<std::string>();
  if (inv.args.count("ssh-key")) {
    target.auth.private_key = inv.args["ssh-key"].as<std::string>();
  } else {
    std::string line;
    if (!std::getline(inv.in, line) || line.empty()) {
      return make_error(Errc::invalid_argument, "give --ssh-key FILE, or the SSH password on standard input with --password-stdin");
    }
    target.auth.password = line;
  }
  routeros::BooksHostKeyStore keys(store, cli_actor());
  return SshClient::connect(target, keys);
}

Result<std::string> exec_checked(SshClient& ssh, const std::string& line, std::chrono::milliseconds deadline) {
  auto result = ssh.exec(line, deadline);
  if (!result) return result.error();
  if (routeros::cli_output_reports_error(result->output)) {
    return make_error(Errc::conflict, "the router refused '" + line.substr(0, line.find(' ')) + "': " +
                                          result->output.substr(0, 300));
  }
  return result->output;
}

// Keeps what the router had before anything changed: <data_dir>/router-backups/export-<t>.rsc.
Result<std::string> save_export(Invocation& inv, SshClient& ssh) {
  auto line = routeros::cli_command("/export", {"terse"}, {});
  if (!line) return line.error();
  auto exported = exec_checked(ssh, *line, 60s);
  if (!exported) return exported.error();
  const auto dir = inv.data_dir / "router-backups";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto path = dir / ("export-" + std::to_string(to_unix_seconds(inv.clock.wall_now())) + ".rsc");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, "cannot keep the router's export in " + path.string());
  const bool written = ::write(fd, exported->data(), exported->size()) == static_cast<ssize_t>(exported->size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) return make_error(Errc::io, "cannot write the router's export to " + path.string());
  return path.string();
}

Result<routeros::ProvisioningRequest> build_request(Invocation& inv, storage::Store& store,
                                                    const std::string& version, const std::string& appliance) {
  routeros::ProvisioningRequest r;
  r.router_version = version;
  r.lan_interfaces = split_list(inv.args["lan-interface"].as<std::vector<std::string>>());
  if (inv.args.count("wan-interface")) r.wan_interface = inv.args["wan-interface"].as<std::string>();
  r.network = inv.args["network"].as<std::string>();
  r.hotspot_dns_name = inv.args["dns-name"].as<std::string>();
  r.appliance_address = inv.args.count("appliance-ip") ? inv.args["appliance-ip"].as<std::string>() : appliance;
  auto port = inv.integer_option("portal-port");
  if (!port || *port < 1 || *port > 65535) return make_error(Errc::invalid_argument, "--portal-port: 1 to 65535");
  r.portal_port = static_cast<std::uint16_t>(*port);
  r.router_has_flash = inv.args.count("flash") > 0;
  auto plans = routeros::plan_profiles_from_books(store);
  if (!plans) return plans.error();
  r.plans = std::move(*plans);
  r.api_user = routeros::kProvisionedApiUser;
  r.api_password = storage::generate_password(store.context());
  r.api_allowed_address = r.appliance_address;
  if (inv.args.count("api-ssl")) r.api_service = routeros::ApiService::api_ssl;
  r.ntp_servers = {std::string(routeros::kDefaultNtpServer)};
  return r;
}

Status upload_and_import(Invocation& inv, SshClient& ssh, const routeros::ProvisioningFiles& files) {
  if (auto s = ssh.upload(files.script.path, files.script.content, 60s); !s) return s;
  auto imported = exec_checked(ssh, files.import_command, 300s);
  // The script holds the API password: remove it whatever the import said.
  if (auto cleanup = ssh.exec(files.cleanup_command, 30s); !cleanup || routeros::cli_output_reports_error(cleanup->output)) {
    inv.err << "hotspotctl: warning: could not remove " << files.script.path << " from the router; remove it by hand\n";
  }
  if (!imported) return imported.error();
  return ssh.upload(files.login_page.path, files.login_page.content, 60s);
}

// --- API-SSL: the certificate the script made on the router, pinned ------------------------

// Passes everything through and keeps a copy of what the peer sent, so that the certificate in
// a TLS 1.2 handshake (still in the clear) can be read afterwards.
class CapturingTransport final : public routeros::Transport {
 public:
  CapturingTransport(std::unique_ptr<Transport> inner, std::shared_ptr<std::string> received)
      : inner_(std::move(inner)), received_(std::move(received)) {}
  boost::asio::any_io_executor executor() override { return inner_->executor(); }
  void async_connect(const std::string& host, std::uint16_t port, ConnectHandler handler) override {
    inner_->async_connect(host, port, std::move(handler));
  }
  void async_read_some(boost::asio::mutable_buffer buffer, IoHandler handler) override {
    inner_->async_read_some(buffer, [buffer, received = received_, handler = std::move(handler)](
                                        routeros::ErrorCode ec, std::size_t n) {
      // A handshake is a few kilobytes; past this nothing more is needed.
      if (received->size() < kMaxCaptured) received->append(static_cast<const char*>(buffer.data()), n);
      handler(ec, n);
    });
  }
  void async_write(boost::asio::const_buffer buffer, IoHandler handler) override {
    inner_->async_write(buffer, std::move(handler));
  }
  void close() override { inner_->close(); }

 private:
  static constexpr std::size_t kMaxCaptured = 256 << 10;
  std::unique_ptr<Transport> inner_;
  std::shared_ptr<std::string> received_;
};

// The fingerprint as the router prints it over the authenticated, host-key-pinned SSH login;
// nullopt when the output cannot be read (RouterOS's wording is not in the reference).
Result<std::optional<std::string>> fingerprint_over_ssh(SshClient& ssh) {
  auto line = routeros::cli_command("/certificate/print", {"detail", "where"},
                                    {{"name", std::string(routeros::kApiCertificateName)}});
  if (!line) return line.error();
  auto printed = ssh.exec(*line, 30s);
  if (!printed) return printed.error();
  if (routeros::cli_output_reports_error(printed->output)) return std::optional<std::string>();
  return routeros::fingerprint_from_certificate_print(printed->output);
}

struct Handshake {
  std::optional<routeros::ErrorCode> outcome;  // nullopt: no outcome before the deadline
  std::string received;                        // every byte the router sent
};

// A TLS handshake with the API-SSL service, checked against a pin that matches nothing, so it
// ends before any API word is sent: what matters is what the router sent on the way.
Handshake handshake_with(const std::string& host, std::uint16_t port) {
  boost::asio::io_context io;
  auto received = std::make_shared<std::string>();
  auto tcp = std::make_unique<routeros::TcpTransport>(io);
  routeros::TlsTransport tls(std::make_unique<CapturingTransport>(std::move(tcp), received),
                             {.ca_pem = {}, .pinned_sha256 = std::string(64, '0'), .server_name = {}});
  Handshake h;
  tls.async_connect(host, port, [&h](routeros::ErrorCode ec) { h.outcome = ec; });
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!h.outcome && std::chrono::steady_clock::now() < deadline) io.run_for(20ms);
  tls.close();
  io.run_for(20ms);  // let the close complete
  h.received = *received;
  return h;
}

// The SHA-256 of the certificate the API-SSL service presents.
Result<std::string> presented_fingerprint(const std::string& host, std::uint16_t port) {
  const Handshake h = handshake_with(host, port);
  const std::string service = "the router's API-SSL service at " + host + ":" + std::to_string(port);
  if (!h.outcome) return make_error(Errc::unavailable, service + " did not finish a TLS handshake within 15 s");
  if (h.received.empty()) {
    return make_error(Errc::unavailable, "could not reach " + service + " (" + h.outcome->message() + ")");
  }
  auto der = routeros::server_certificate_from_handshake(h.received);
  if (!der) {
    return make_error(Errc::unavailable, service + " presented no certificate in a TLS 1.2 handshake (" +
                                             h.outcome->message() + ")");
  }
  return routeros::sha256_hex(*der);
}

// Which fingerprint to pin: the router's own word over SSH, or (saying so) the presented one.
Result<std::string> fingerprint_to_pin(Invocation& inv, SshClient& ssh, const std::string& host,
                                       std::uint16_t port) {
  auto printed = fingerprint_over_ssh(ssh);
  if (!printed) return printed.error();
  if (*printed) return **printed;
  auto presented = presented_fingerprint(host, port);
  if (!presented) return presented.error();
  inv.err << "hotspotctl: warning: the router did not print the fingerprint of certificate "
          << routeros::kApiCertificateName << "; pinned the one its API-SSL service presents (SHA-256 "
          << *presented << "), trusted because provisioning made it over SSH a moment ago. Check on the "
          << "router: /certificate print detail where name=\"" << routeros::kApiCertificateName
          << "\" should show that fingerprint\n";
  return *presented;
}

// Pinned to `pin`, the API user logs in over API-SSL: the settings are kept only once this works.
Status check_api_ssl_login(const routeros::RouterSettings& settings, const std::string& password) {
  routeros::RouterLinkOptions options;
  options.session.host = settings.host;
  options.session.port = settings.port;
  options.session.user = settings.user;
  options.session.password = password;
  options.tls = routeros::TlsOptions{.ca_pem = {}, .pinned_sha256 = settings.tls_pin, .server_name = {}};
  auto router = BlockingRouter::connect(options, 20s);
  if (!router) return router.error();
  return {};
}

Result<std::uint16_t> api_ssl_port(Invocation& inv) {
  auto port = inv.integer_option("api-ssl-port");
  if (!port || *port < 1 || *port > 65535) return make_error(Errc::invalid_argument, "--api-ssl-port: 1 to 65535");
  return static_cast<std::uint16_t>(*port);
}

// The router settings for API-SSL with the certificate pinned, proved by a login.
Result<routeros::RouterSettings> api_ssl_settings(Invocation& inv, SshClient& ssh,
                                                  routeros::RouterSettings settings, std::uint16_t port,
                                                  const std::string& password) {
  settings.tls = true;
  settings.port = port;
  auto pin = fingerprint_to_pin(inv, ssh, settings.host, settings.port);
  if (!pin) return pin.error();
  settings.tls_pin = *pin;
  if (auto s = check_api_ssl_login(settings, password); !s) return s.error();
  return settings;
}

// After the import: the router as the daemon will reach it, in the books. With API-SSL only once
// a pinned login worked; until then the books keep the router they had.
Status keep_router_settings(Invocation& inv, storage::Store& store, SshClient& ssh,
                            const routeros::ProvisioningRequest& request, std::uint16_t tls_port) {
  routeros::RouterSettings settings;
  settings.host = inv.args["host"].as<std::string>();
  settings.user = request.api_user;
  if (request.api_service == routeros::ApiService::api_ssl) {
    auto pinned = api_ssl_settings(inv, ssh, settings, tls_port, request.api_password);
    if (!pinned) {
      std::string why = pinned.error().message;
      if (why.ends_with('.')) why.pop_back();
      return make_error(pinned.error().code,
                        "the router is provisioned, but API-SSL with its certificate pinned failed: " + why +
                            "; the router settings in the books are unchanged");
    }
    settings = *pinned;
  }
  if (auto s = routeros::save_router_settings(store, settings, request.api_password, cli_actor()); !s) return s;
  inv.out << "provisioned: hotspot on " << request.network << ", login page sends customers to "
          << request.appliance_address << ":" << request.portal_port << "; API user " << request.api_user
          << " set in the books";
  if (settings.tls) {
    inv.out << " (API-SSL on port " << settings.port << ", certificate SHA-256 " << settings.tls_pin << ")";
  }
  inv.out << "\nCheck it with: hotspotctl router test\n";
  return {};
}

Status router_provision(Invocation& inv) {
  for (const char* required : {"host", "ssh-user", "lan-interface", "network"}) {
    if (!inv.args.count(required)) {
      return make_error(Errc::invalid_argument, std::string("router provision needs --") + required + " (see --help)");
    }
  }
  auto tls_port = api_ssl_port(inv);
  if (!tls_port) return tls_port.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  auto ssh = ssh_connect(inv, **store);
  if (!ssh) return ssh.error();
  auto resource = exec_checked(**ssh, *routeros::cli_command("/system/resource/print", {}, {}), 30s);
  if (!resource) return resource.error();
  auto request = build_request(inv, **store, version_from(*resource), (*ssh)->local_address());
  if (!request) return request.error();
  if (inv.args.count("dry-run")) {
    auto script = routeros::generate_provisioning_script(*request, routeros::Secrets::redact);
    if (!script) return script.error();
    inv.out << *script;
    return {};
  }
  auto files = routeros::provisioning_files(*request);
  if (!files) return files.error();
  auto backup = save_export(inv, **ssh);
  if (!backup) return backup.error();
  inv.out << "kept the router's configuration in " << *backup << '\n';
  if (auto s = upload_and_import(inv, **ssh, *files); !s) {
    return make_error(s.error().code, s.error().message + " (the router's earlier configuration is in " + *backup + ")");
  }
  return keep_router_settings(inv, **store, **ssh, *request, *tls_port);
}

// A copy of the router's configuration in the books' directory, and optionally a binary backup
// kept on the router (device-specific, for a full restore on the same board).
Status router_backup(Invocation& inv) {
  for (const char* required : {"host", "ssh-user"}) {
    if (!inv.args.count(required)) {
      return make_error(Errc::invalid_argument, std::string("router backup needs --") + required + " (see --help)");
    }
  }
  auto store = inv.open_store();
  if (!store) return store.error();
  auto ssh = ssh_connect(inv, **store);
  if (!ssh) return ssh.error();
  auto saved = save_export(inv, **ssh);
  if (!saved) return saved.error();
  inv.out << "kept the router's configuration (/export terse) in " << *saved << '\n';
  if (inv.args.count("on-router")) {
    const std::string name = "hotspot-edge-" + std::to_string(to_unix_seconds(inv.clock.wall_now()));
    auto line = routeros::cli_command("/system/backup/save", {}, {{"name", name}, {"dont-encrypt", "yes"}});
    if (!line) return line.error();
    if (auto done = exec_checked(**ssh, *line, 120s); !done) return done.error();
    inv.out << "saved a binary backup on the router: " << name << ".backup\n";
  }
  return {};
}

void declare_ssh_options(cxxopts::Options& o) {
  o.add_options()("host", "Router address", cxxopts::value<std::string>())(
      "ssh-port", "Router SSH port", cxxopts::value<std::string>()->default_value("22"))(
      "ssh-user", "An administrator's SSH login", cxxopts::value<std::string>())(
      "ssh-key", "Private key for the SSH login", cxxopts::value<std::string>())(
      "password-stdin", "Read the SSH password from standard input");
}

}  // namespace

void add_provision_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"router", "backup"}, "--host H --ssh-user U (--ssh-key FILE | --password-stdin) [--on-router]",
                      "Keep the router's configuration (/export) in the data directory",
                      [](cxxopts::Options& o) {
                        declare_ssh_options(o);
                        o.add_options()("on-router", "Also save a binary backup on the router");
                      },
                      router_backup});
  commands.push_back({{"router", "provision"},
                      "--host H --ssh-user U (--ssh-key FILE | --password-stdin) --lan-interface IF[,IF] --network CIDR [options]",
                      "Turn a fresh MikroTik into a hotspot that sends customers here (backs up first)",
                      [](cxxopts::Options& o) {
                        declare_ssh_options(o);
                        o.add_options()("lan-interface", "Hotspot LAN interface(s), bridged", cxxopts::value<std::vector<std::string>>())(
                            "wan-interface", "Masquerade the hotspot out of this interface", cxxopts::value<std::string>())(
                            "network", "Hotspot network, e.g. 10.5.50.0/24", cxxopts::value<std::string>())(
                            "dns-name", "The hotspot's login name on the router",
                            cxxopts::value<std::string>()->default_value("login.wifi.lan"))(
                            "appliance-ip", "This appliance's address as the router sees it (default: from the SSH connection)",
                            cxxopts::value<std::string>())(
                            "portal-port", "The portal's port on this appliance", cxxopts::value<std::string>()->default_value("8080"))(
                            "flash", "The router keeps its files under flash/")(
                            "api-ssl", "Use API-SSL: make the router a certificate and pin it (instead of the plain API)")(
                            "api-ssl-port", "With --api-ssl: the router's API-SSL port",
                            cxxopts::value<std::string>()->default_value(std::to_string(routeros::kApiSslPort)))(
                            "dry-run", "Print the script (password hidden) and change nothing");
                      },
                      router_provision});
}

}  // namespace hotspot::cli
