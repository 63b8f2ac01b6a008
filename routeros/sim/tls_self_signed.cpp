// A self-signed certificate made at start-up, for a simulator given no certificate files.
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>

#include "routeros/sim/tls.h"
#include "routeros/sim/tls_impl.h"

namespace hotspot::routeros::sim {
namespace {

Error tls_error(const std::string& what, int code) {
  return make_error(Errc::internal, what + ": " + mbedtls_message(code));
}

Result<std::string> write_certificate(TlsServerConfig::Impl& impl, const std::string& common_name) {
  mbedtls_x509write_cert writer;
  mbedtls_x509write_crt_init(&writer);
  mbedtls_mpi serial;
  mbedtls_mpi_init(&serial);
  std::string subject = "CN=" + common_name;
  int rc = mbedtls_mpi_lset(&serial, 1);
  mbedtls_x509write_crt_set_version(&writer, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(&writer, MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(&writer, &impl.key);
  mbedtls_x509write_crt_set_issuer_key(&writer, &impl.key);
  if (rc == 0) rc = mbedtls_x509write_crt_set_subject_name(&writer, subject.c_str());
  if (rc == 0) rc = mbedtls_x509write_crt_set_issuer_name(&writer, subject.c_str());
  if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&writer, &serial);
  if (rc == 0) rc = mbedtls_x509write_crt_set_validity(&writer, "20240101000000", "20991231235959");
  if (rc == 0) rc = mbedtls_x509write_crt_set_basic_constraints(&writer, 1, 0);
  unsigned char pem[4096] = {};
  if (rc == 0) rc = mbedtls_x509write_crt_pem(&writer, pem, sizeof pem, mbedtls_ctr_drbg_random, &impl.random);
  mbedtls_mpi_free(&serial);
  mbedtls_x509write_crt_free(&writer);
  if (rc != 0) return tls_error("cannot make a self-signed certificate", rc);
  return std::string(reinterpret_cast<const char*>(pem));
}

}  // namespace

Result<std::shared_ptr<TlsServerConfig>> TlsServerConfig::self_signed(const std::string& common_name) {
  std::shared_ptr<TlsServerConfig> config(new TlsServerConfig());
  Impl& impl = *config->impl_;
  if (Status s = impl.seed(); !s) return s.error();
  int rc = mbedtls_pk_setup(&impl.key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
  if (rc == 0) {
    rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(impl.key), mbedtls_ctr_drbg_random,
                             &impl.random);
  }
  if (rc != 0) return tls_error("cannot make a TLS key", rc);
  auto pem = write_certificate(impl, common_name);
  if (!pem) return pem.error();
  rc = mbedtls_x509_crt_parse(&impl.certificate, reinterpret_cast<const unsigned char*>(pem->c_str()),
                              pem->size() + 1);
  if (rc != 0) return tls_error("cannot read back the self-signed certificate", rc);
  if (Status s = impl.configure(); !s) return s.error();
  config->certificate_pem_ = std::move(*pem);
  return config;
}

}  // namespace hotspot::routeros::sim
