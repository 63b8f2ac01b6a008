// The certificate side of API-SSL: loading PEM, or making a self-signed certificate.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_csr.h>

#include <fstream>
#include <sstream>

#include "routeros/sim/tls.h"
#include "routeros/sim/tls_impl.h"

namespace hotspot::routeros::sim {

std::string mbedtls_message(int code) {
  char text[160];
  mbedtls_strerror(code, text, sizeof text);
  return text;
}

namespace {

Error tls_error(const std::string& what, int code) {
  return make_error(Errc::invalid_argument, what + ": " + mbedtls_message(code));
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TlsServerConfig::TlsServerConfig() : impl_(std::make_unique<Impl>()) {}
TlsServerConfig::~TlsServerConfig() = default;

TlsServerConfig::Impl::Impl() {
  mbedtls_ssl_config_init(&config);
  mbedtls_x509_crt_init(&certificate);
  mbedtls_pk_init(&key);
  mbedtls_entropy_init(&entropy);
  mbedtls_ctr_drbg_init(&random);
}

TlsServerConfig::Impl::~Impl() {
  mbedtls_ssl_config_free(&config);
  mbedtls_x509_crt_free(&certificate);
  mbedtls_pk_free(&key);
  mbedtls_ctr_drbg_free(&random);
  mbedtls_entropy_free(&entropy);
}

Status TlsServerConfig::Impl::seed() {
  static constexpr unsigned char kPersonal[] = "routeros-sim";
  int rc = mbedtls_ctr_drbg_seed(&random, mbedtls_entropy_func, &entropy, kPersonal, sizeof kPersonal);
  if (rc != 0) return tls_error("no entropy for TLS", rc);
  return {};
}

// Server side, TLS 1.2 and later, the certificate and key already parsed.
Status TlsServerConfig::Impl::configure() {
  int rc = mbedtls_ssl_config_defaults(&config, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                       MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) return tls_error("TLS configuration", rc);
  mbedtls_ssl_conf_rng(&config, mbedtls_ctr_drbg_random, &random);
  mbedtls_ssl_conf_min_version(&config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  rc = mbedtls_ssl_conf_own_cert(&config, &certificate, &key);
  if (rc != 0) return tls_error("TLS certificate and key do not go together", rc);
  return {};
}

Result<std::shared_ptr<TlsServerConfig>> TlsServerConfig::from_pem(std::string certificate_pem,
                                                                   std::string key_pem) {
  std::shared_ptr<TlsServerConfig> config(new TlsServerConfig());
  Impl& impl = *config->impl_;
  if (Status s = impl.seed(); !s) return s.error();
  // PEM parsers want the terminating NUL counted in the length.
  int rc = mbedtls_x509_crt_parse(&impl.certificate, reinterpret_cast<const unsigned char*>(certificate_pem.c_str()),
                                  certificate_pem.size() + 1);
  if (rc != 0) return tls_error("TLS certificate", rc);
  rc = mbedtls_pk_parse_key(&impl.key, reinterpret_cast<const unsigned char*>(key_pem.c_str()), key_pem.size() + 1,
                            nullptr, 0);
  if (rc != 0) return tls_error("TLS key", rc);
  if (Status s = impl.configure(); !s) return s.error();
  config->certificate_pem_ = std::move(certificate_pem);
  return config;
}

Result<std::shared_ptr<TlsServerConfig>> TlsServerConfig::from_files(const std::string& certificate_path,
                                                                     const std::string& key_path) {
  auto certificate = read_file(certificate_path);
  if (!certificate) return certificate.error();
  auto key = read_file(key_path);
  if (!key) return key.error();
  return from_pem(std::move(*certificate), std::move(*key));
}

}  // namespace hotspot::routeros::sim
