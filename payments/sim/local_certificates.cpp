#include "payments/sim/local_certificates.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <stdexcept>

namespace hotspot::payments::sim {
namespace {

void check(int rc, const char* what) {
  if (rc != 0)
    throw std::runtime_error(std::string("local certificates: ") + what +
                             " failed: " + std::to_string(rc));
}

struct Random {
  Random() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    check(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0), "seeding");
  }
  ~Random() {
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
};

struct Key {
  explicit Key(Random& random) {
    mbedtls_pk_init(&pk);
    check(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), "key setup");
    check(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), mbedtls_ctr_drbg_random,
                              &random.drbg),
          "key generation");
  }
  ~Key() { mbedtls_pk_free(&pk); }
  std::string pem() {
    unsigned char out[2048] = {};
    check(mbedtls_pk_write_key_pem(&pk, out, sizeof out), "key PEM");
    return reinterpret_cast<const char*>(out);
  }
  mbedtls_pk_context pk;
};

std::string write_certificate(Random& random, Key& subject_key, const std::string& subject,
                              Key& issuer_key, const std::string& issuer, bool is_ca,
                              int serial_number) {
  mbedtls_x509write_cert writer;
  mbedtls_x509write_crt_init(&writer);
  mbedtls_mpi serial;
  mbedtls_mpi_init(&serial);
  mbedtls_x509write_crt_set_version(&writer, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(&writer, MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(&writer, &subject_key.pk);
  mbedtls_x509write_crt_set_issuer_key(&writer, &issuer_key.pk);
  int rc = mbedtls_mpi_lset(&serial, serial_number);
  if (rc == 0) rc = mbedtls_x509write_crt_set_subject_name(&writer, subject.c_str());
  if (rc == 0) rc = mbedtls_x509write_crt_set_issuer_name(&writer, issuer.c_str());
  if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&writer, &serial);
  if (rc == 0) rc = mbedtls_x509write_crt_set_validity(&writer, "20240101000000", "20991231235959");
  if (rc == 0)
    rc = mbedtls_x509write_crt_set_basic_constraints(&writer, is_ca ? 1 : 0, is_ca ? 0 : -1);
  unsigned char pem[4096] = {};
  if (rc == 0)
    rc = mbedtls_x509write_crt_pem(&writer, pem, sizeof pem, mbedtls_ctr_drbg_random, &random.drbg);
  mbedtls_mpi_free(&serial);
  mbedtls_x509write_crt_free(&writer);
  check(rc, "certificate");
  return reinterpret_cast<const char*>(pem);
}

}  // namespace

LocalCertificates make_local_certificates(const std::string& common_name) {
  Random random;
  Key ca_key(random);
  Key server_key(random);
  const std::string ca_name = "CN=hotspot-edge test CA,O=hotspot-edge tests";
  LocalCertificates out;
  out.ca_pem = write_certificate(random, ca_key, ca_name, ca_key, ca_name, true, 1);
  out.server_certificate_pem =
      write_certificate(random, server_key, "CN=" + common_name, ca_key, ca_name, false, 2);
  out.server_key_pem = server_key.pem();
  return out;
}

}  // namespace hotspot::payments::sim
