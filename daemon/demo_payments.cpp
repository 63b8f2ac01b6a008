#include "daemon/demo_payments.h"

#include <fstream>

#include "payments/daraja/settings.h"
#include "payments/sim/local_certificates.h"

namespace hotspot::daemon {
namespace {

namespace http = payments::http;
namespace sim = payments::sim;

// The simulator's certificate names this host; the CA made with it is trusted for nothing else.
constexpr const char* kHost = "localhost";

Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return make_error(Errc::io, "cannot write " + path.string());
  return {};
}

}  // namespace

Result<DemoDaraja> start_demo_daraja(boost::asio::io_context& io, const Clock& clock, Logger& log,
                                     const std::filesystem::path& data_dir) {
  const sim::LocalCertificates certificates = sim::make_local_certificates(kHost);
  DemoDaraja out;
  out.ca_file = data_dir / "demo-daraja-ca.pem";
  if (auto s = write_file(out.ca_file, certificates.ca_pem); !s) return s.error();
  auto identity = http::TlsIdentity::from_pem(certificates.server_certificate_pem,
                                              certificates.server_key_pem);
  if (!identity) return identity.error();
  auto trust = http::TlsTrust::from_pem(certificates.ca_pem);
  if (!trust) return trust.error();
  out.callback_identity = *identity;

  sim::SimServerOptions options;
  options.server.identity = *identity;
  options.callback_trust = *trust;
  options.logger = &log;
  out.consumer_key = options.daraja.consumer_key;
  out.consumer_secret = options.daraja.consumer_secret;
  out.sim = std::make_unique<sim::SimServer>(io.get_executor(), options, clock);
  if (auto s = out.sim->listen("127.0.0.1", 0); !s) return s.error();
  return out;
}

Status save_demo_mpesa_settings(storage::Store& store, const DemoDaraja& daraja,
                                std::uint16_t callback_port) {
  payments::daraja::DarajaSettings settings;
  const sim::Merchant merchant;  // the simulator's own shortcode and passkey
  settings.credentials.consumer_key = daraja.consumer_key;
  settings.credentials.consumer_secret = daraja.consumer_secret;
  settings.credentials.shortcode = merchant.shortcode;
  settings.credentials.passkey = merchant.passkey;
  settings.base_url = std::string("https://") + kHost + ":" + std::to_string(daraja.sim->port());
  settings.ca_file = daraja.ca_file.string();
  if (callback_port != 0) {
    settings.callback_url_base =
        std::string("https://") + kHost + ":" + std::to_string(callback_port) + "/cb";
  }
  return payments::daraja::save_daraja_settings(store, settings, "demo");
}

std::string describe_demo_daraja(const DemoDaraja& daraja) {
  return "https://" + std::string(kHost) + ":" + std::to_string(daraja.sim->port()) +
         " (Daraja simulator; the phone's last two digits choose: 00 pays, 32 cancels, "
         "01 wrong PIN, 11 no funds, 37 unreachable)";
}

}  // namespace hotspot::daemon
