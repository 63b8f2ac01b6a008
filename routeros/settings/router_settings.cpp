#include "routeros/settings/router_settings.h"

#include <fstream>
#include <sstream>

#include "routeros/settings/pending_login.h"
#include "storage/settings.h"

namespace hotspot::routeros {
namespace {

constexpr std::string_view kPasswordSecret = "router.password";

Error invalid(std::string message) { return make_error(Errc::invalid_argument, std::move(message)); }

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == ':' || c == '_';
}

Result<std::string> read_small_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(Errc::not_found, "cannot read the CA file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > (1 << 20)) return invalid("the CA file " + path + " is larger than 1 MiB");
  return ss.str();
}

}  // namespace

Status validate_router_settings(const RouterSettings& s) {
  if (s.host.empty() || s.host.size() > 253 ||
      !std::all_of(s.host.begin(), s.host.end(), host_char)) {
    return invalid("host: give the router's IP address or name (letters, digits, '.', '-', ':')");
  }
  if (s.port == 0) return invalid("port: must be from 1 to 65535");
  if (s.user.empty() || s.user.size() > 64 ||
      !std::all_of(s.user.begin(), s.user.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      })) {
    return invalid("user: 1 to 64 letters, digits, '.', '_' or '-'");
  }
  if (s.tls) {
    TlsOptions probe{s.tls_ca_file.empty() ? "" : "ca", s.tls_pin, ""};
    if (auto v = validate_tls_options(probe); !v) return invalid("tls: " + v.error().message);
  } else if (!s.tls_ca_file.empty() || !s.tls_pin.empty()) {
    return invalid("tls: a CA file or a pin only makes sense with --tls");
  }
  return {};
}

Status validate_router_password(std::string_view password) {
  if (password.empty() || password.size() > 256) return invalid("password: 1 to 256 characters");
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) return invalid("password: no control characters or newlines");
  }
  return {};
}

storage::SettingsChange router_login_change(const RouterSettings& s, std::string_view password) {
  // A login chosen now makes any pending one (an older setup script's) obsolete.
  storage::SettingsChange change = forget_pending_login_change();
  change.secrets = {{std::string(kPasswordSecret), std::string(password)}};
  change.settings = {{"router.host", s.host},          {"router.port", std::to_string(s.port)},
                     {"router.tls", s.tls ? "yes" : "no"}, {"router.tls-ca-file", s.tls_ca_file},
                     {"router.tls-pin", s.tls_pin},     {"router.user", s.user}};
  return change;
}

Status save_router_settings(storage::Store& store, const RouterSettings& s,
                            std::string_view password, std::string_view actor) {
  if (auto v = validate_router_settings(s); !v) return v;
  if (auto v = validate_router_password(password); !v) return v;
  // One transaction: a crash never leaves one router's password with another's address.
  return store.settings().apply(router_login_change(s, password), actor);
}

Result<std::optional<RouterSettings>> load_router_settings(storage::Store& store) {
  auto all = store.settings().all();
  if (!all) return all.error();
  auto field = [&](const char* key) {
    auto it = all->find(key);
    return it == all->end() ? std::string() : it->second;
  };
  if (field("router.host").empty()) return std::optional<RouterSettings>();
  RouterSettings s;
  s.host = field("router.host");
  const int port = std::atoi(field("router.port").c_str());
  s.port = static_cast<std::uint16_t>(port > 0 && port < 65536 ? port : 0);
  s.tls = field("router.tls") == "yes";
  s.tls_ca_file = field("router.tls-ca-file");
  s.tls_pin = field("router.tls-pin");
  s.user = field("router.user");
  if (auto v = validate_router_settings(s); !v) {
    return make_error(Errc::corrupt, "the stored router settings are not valid (" + v.error().message +
                                         "); set them again with 'hotspotctl router set'");
  }
  return std::optional<RouterSettings>(s);
}

Result<RouterLinkOptions> router_link_options(storage::Store& store, const RouterSettings& s) {
  auto password = store.secrets().get(kPasswordSecret);
  if (!password) return password.error();
  RouterLinkOptions options;
  options.session.host = s.host;
  options.session.port = s.port;
  options.session.user = s.user;
  options.session.password = *password;
  if (s.tls) {
    TlsOptions tls;
    tls.pinned_sha256 = s.tls_pin;
    if (!s.tls_ca_file.empty()) {
      auto pem = read_small_file(s.tls_ca_file);
      if (!pem) return pem.error();
      tls.ca_pem = *pem;
    }
    options.tls = tls;
  }
  return options;
}

namespace {
constexpr std::string_view kHostKeys = "router.ssh-host-keys";
}  // namespace

Result<std::optional<std::string>> BooksHostKeyStore::pinned(std::string_view endpoint) {
  auto all = store_.settings().get(kHostKeys);
  if (!all) return all.error();
  std::istringstream lines(all->value_or(""));
  std::string line;
  while (std::getline(lines, line)) {
    const auto space = line.find(' ');
    if (space != std::string::npos && line.substr(0, space) == endpoint) {
      return std::optional<std::string>(line.substr(space + 1));
    }
  }
  return std::optional<std::string>();
}

Status BooksHostKeyStore::pin(std::string_view endpoint, std::string_view fingerprint) {
  auto all = store_.settings().get(kHostKeys);
  if (!all) return all.error();
  std::string kept;
  std::istringstream lines(all->value_or(""));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(std::string(endpoint) + " ", 0) != 0) kept += line + "\n";
  }
  kept += std::string(endpoint) + " " + std::string(fingerprint) + "\n";
  return store_.settings().set(kHostKeys, kept, actor_);
}

}  // namespace hotspot::routeros
