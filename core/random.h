#pragma once
// The seam for randomness: voucher codes, passwords and keys come from a CSPRNG
// (mbedTLS CTR-DRBG seeded from the OS entropy source).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace hotspot {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
  // Uniform in [0, bound) without modulo bias. bound > 0.
  std::uint32_t uniform(std::uint32_t bound);
};

// CTR-DRBG over mbedTLS's default entropy (getrandom/urandom), reseeded as mbedTLS decides.
// Not thread-safe: give each thread its own. Throws std::runtime_error if the OS has no entropy.
std::unique_ptr<RandomSource> make_system_random();

}  // namespace hotspot
