#pragma once
// A CA and a server certificate signed by it, made with mbedTLS on the spot, so no key material
// lives in the repository: for the simulator's HTTPS in the demo and the tests, and for the
// demo's callback receiver. Each call makes a new CA: two calls give two CAs that do not trust
// each other's certificates. Never for a real deployment.

#include <string>

namespace hotspot::payments::sim {

struct LocalCertificates {
  std::string ca_pem;
  std::string server_certificate_pem;  // CN = the name asked for
  std::string server_key_pem;
};

// Throws std::runtime_error if mbedTLS fails (no entropy: nothing could work anyway).
LocalCertificates make_local_certificates(const std::string& common_name);

}  // namespace hotspot::payments::sim
