#pragma once
// A CA and a server certificate signed by it, made with mbedTLS when a test runs, so no key
// material lives in the repository. Each call makes a new CA: two calls give two CAs that do
// not trust each other's certificates.

#include <string>

namespace hotspot::payments::testing {

struct TestCertificates {
  std::string ca_pem;
  std::string server_certificate_pem;  // CN = the name asked for
  std::string server_key_pem;
};

// Throws std::runtime_error if mbedTLS fails (a broken test setup, not a test failure).
TestCertificates make_test_certificates(const std::string& common_name);

}  // namespace hotspot::payments::testing
