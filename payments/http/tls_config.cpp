// Trust (a client's CA bundle) and identity (a server's certificate and key) for TlsEngine.
#include <mbedtls/error.h>

#include <fstream>
#include <sstream>

#include "payments/http/tls_impl.h"

namespace hotspot::payments::http {

std::string mbedtls_message(int code) {
  char text[160];
  mbedtls_strerror(code, text, sizeof text);
  return text;
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

Error tls_error(const std::string& what, int code) {
  return make_error(Errc::invalid_argument, what + ": " + mbedtls_message(code));
}

// PEM parsers want the terminating NUL counted in the length.
const unsigned char* pem_bytes(const std::string& pem) {
  return reinterpret_cast<const unsigned char*>(pem.c_str());
}

}  // namespace

TlsConfigBase::TlsConfigBase() {
  mbedtls_ssl_config_init(&config);
  mbedtls_entropy_init(&entropy);
  mbedtls_ctr_drbg_init(&random);
}

TlsConfigBase::~TlsConfigBase() {
  mbedtls_ssl_config_free(&config);
  mbedtls_ctr_drbg_free(&random);
  mbedtls_entropy_free(&entropy);
}

Status TlsConfigBase::setup(int endpoint) {
  static constexpr unsigned char kPersonal[] = "hotspot-edge payments";
  int rc =
      mbedtls_ctr_drbg_seed(&random, mbedtls_entropy_func, &entropy, kPersonal, sizeof kPersonal);
  if (rc != 0) return tls_error("no entropy for TLS", rc);
  rc = mbedtls_ssl_config_defaults(&config, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                   MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) return tls_error("TLS configuration", rc);
  mbedtls_ssl_conf_rng(&config, mbedtls_ctr_drbg_random, &random);
  mbedtls_ssl_conf_min_version(&config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  return {};
}

TlsTrust::TlsTrust() : impl_(std::make_unique<Impl>()) {}
TlsTrust::~TlsTrust() = default;

Result<std::shared_ptr<TlsTrust>> TlsTrust::from_pem(const std::string& ca_pem) {
  std::shared_ptr<TlsTrust> trust(new TlsTrust());
  Impl& impl = *trust->impl_;
  if (Status s = impl.setup(MBEDTLS_SSL_IS_CLIENT); !s) return s.error();
  // A system bundle may hold a few certificates mbedTLS cannot read (rc > 0 counts them); the
  // rest are still trusted. Nothing readable at all is an error.
  int rc = mbedtls_x509_crt_parse(&impl.ca, pem_bytes(ca_pem), ca_pem.size() + 1);
  if (rc < 0 || impl.ca.version == 0) return tls_error("no CA certificate could be read", rc);
  mbedtls_ssl_conf_ca_chain(&impl.config, &impl.ca, nullptr);
  mbedtls_ssl_conf_authmode(&impl.config, MBEDTLS_SSL_VERIFY_REQUIRED);
  return trust;
}

Result<std::shared_ptr<TlsTrust>> TlsTrust::from_file(const std::string& path) {
  auto pem = read_text_file(path);
  if (!pem) return pem.error();
  auto trust = from_pem(*pem);
  if (!trust) return make_error(trust.error().code, path + ": " + trust.error().message);
  return trust;
}

TlsIdentity::TlsIdentity() : impl_(std::make_unique<Impl>()) {}
TlsIdentity::~TlsIdentity() = default;

Result<std::shared_ptr<TlsIdentity>> TlsIdentity::from_pem(const std::string& certificate_pem,
                                                           const std::string& key_pem) {
  std::shared_ptr<TlsIdentity> identity(new TlsIdentity());
  Impl& impl = *identity->impl_;
  if (Status s = impl.setup(MBEDTLS_SSL_IS_SERVER); !s) return s.error();
  int rc = mbedtls_x509_crt_parse(&impl.certificate, pem_bytes(certificate_pem),
                                  certificate_pem.size() + 1);
  if (rc != 0) return tls_error("TLS certificate", rc);
  rc = mbedtls_pk_parse_key(&impl.key, pem_bytes(key_pem), key_pem.size() + 1, nullptr, 0);
  if (rc != 0) return tls_error("TLS key", rc);
  rc = mbedtls_ssl_conf_own_cert(&impl.config, &impl.certificate, &impl.key);
  if (rc != 0) return tls_error("TLS certificate and key do not go together", rc);
  return identity;
}

Result<std::shared_ptr<TlsIdentity>> TlsIdentity::from_files(const std::string& certificate_path,
                                                             const std::string& key_path) {
  auto certificate = read_text_file(certificate_path);
  if (!certificate) return certificate.error();
  auto key = read_text_file(key_path);
  if (!key) return key.error();
  return from_pem(*certificate, *key);
}

}  // namespace hotspot::payments::http
