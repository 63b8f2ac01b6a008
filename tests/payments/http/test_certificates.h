#pragma once
// Certificates made when a test runs (payments/sim/local_certificates.h), under the names the
// payments suites use.

#include <string>

#include "payments/sim/local_certificates.h"

namespace hotspot::payments::testing {

using TestCertificates = sim::LocalCertificates;

inline TestCertificates make_test_certificates(const std::string& common_name) {
  return sim::make_local_certificates(common_name);
}

}  // namespace hotspot::payments::testing
