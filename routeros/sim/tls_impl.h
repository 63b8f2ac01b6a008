#pragma once
// mbedTLS state behind tls.h, shared by its source files only.

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <string>

#include "routeros/sim/tls.h"

namespace hotspot::routeros::sim {

struct TlsServerConfig::Impl {
  Impl();
  ~Impl();
  Status seed();
  Status configure();

  mbedtls_ssl_config config;
  mbedtls_x509_crt certificate;
  mbedtls_pk_context key;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context random;
};

std::string mbedtls_message(int code);

}  // namespace hotspot::routeros::sim
