#pragma once
// mbedTLS state behind tls_engine.h, shared by its source files only.

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <string>

#include "payments/http/tls_engine.h"

namespace hotspot::payments::http {

// What every configuration holds: mbedTLS settings and a random source seeded once.
struct TlsConfigBase {
  TlsConfigBase();
  ~TlsConfigBase();
  TlsConfigBase(const TlsConfigBase&) = delete;
  TlsConfigBase& operator=(const TlsConfigBase&) = delete;
  // Defaults for `endpoint` (client or server), TLS 1.2 as the floor.
  Status setup(int endpoint);

  mbedtls_ssl_config config;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context random;
};

struct TlsTrust::Impl : TlsConfigBase {
  Impl() { mbedtls_x509_crt_init(&ca); }
  ~Impl() { mbedtls_x509_crt_free(&ca); }
  mbedtls_x509_crt ca;
};

struct TlsIdentity::Impl : TlsConfigBase {
  Impl() {
    mbedtls_x509_crt_init(&certificate);
    mbedtls_pk_init(&key);
  }
  ~Impl() {
    mbedtls_x509_crt_free(&certificate);
    mbedtls_pk_free(&key);
  }
  mbedtls_x509_crt certificate;
  mbedtls_pk_context key;
};

std::string mbedtls_message(int code);
Result<std::string> read_text_file(const std::string& path);

}  // namespace hotspot::payments::http
