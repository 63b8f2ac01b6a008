#include "core/random.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace hotspot {

std::uint32_t RandomSource::uniform(std::uint32_t bound) {
  if (bound == 0) throw std::invalid_argument("RandomSource::uniform: bound must be positive");
  // Reject the lowest 2^32 mod bound values: what is left is a whole number of copies of
  // [0, bound), so the modulo below is exactly uniform. At most half the draws are rejected.
  const std::uint32_t threshold = static_cast<std::uint32_t>(-bound) % bound;
  for (;;) {
    std::array<std::uint8_t, 4> b{};
    fill(b);
    // Assembled byte by byte so the value does not depend on the host's endianness.
    std::uint32_t x = static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
                      static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
    if (x >= threshold) return x % bound;
  }
}

namespace {

class CtrDrbgRandom final : public RandomSource {
 public:
  CtrDrbgRandom() {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    // The personalisation string separates this DRBG from any other seeded at the same
    // instant from the same entropy.
    static constexpr char kPersonalisation[] = "hotspot-edge random source";
    int rc = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_,
                                   reinterpret_cast<const unsigned char*>(kPersonalisation),
                                   sizeof kPersonalisation - 1);
    if (rc != 0) {
      free_contexts();
      throw std::runtime_error("cannot seed the random generator from the OS (mbedTLS error " +
                               std::to_string(rc) + ")");
    }
  }
  ~CtrDrbgRandom() override { free_contexts(); }
  CtrDrbgRandom(const CtrDrbgRandom&) = delete;
  CtrDrbgRandom& operator=(const CtrDrbgRandom&) = delete;

  void fill(std::span<std::uint8_t> out) override {
    while (!out.empty()) {
      std::size_t n = std::min<std::size_t>(out.size(), MBEDTLS_CTR_DRBG_MAX_REQUEST);
      int rc = mbedtls_ctr_drbg_random(&drbg_, out.data(), n);
      // Only a failed reseed can get here; handing out unseeded bytes is never acceptable.
      if (rc != 0) {
        throw std::runtime_error("the random generator failed (mbedTLS error " +
                                 std::to_string(rc) + ")");
      }
      out = out.subspan(n);
    }
  }

 private:
  void free_contexts() {
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
  }

  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
};

}  // namespace

std::unique_ptr<RandomSource> make_system_random() { return std::make_unique<CtrDrbgRandom>(); }

}  // namespace hotspot
