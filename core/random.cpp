#include "core/random.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/platform_util.h>

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
                      static_cast<std::uint32_t>(b[2]) << 16 |
                      static_cast<std::uint32_t>(b[3]) << 24;
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
    // Small requests (a voucher symbol takes 4 bytes) are served from a pool: one DRBG call
    // per kPoolSize bytes instead of one per symbol makes a 100,000-voucher batch several
    // times faster. Large requests bypass it.
    if (out.size() >= kPoolSize) return generate(out);
    while (!out.empty()) {
      if (pool_used_ == kPoolSize) {
        generate(pool_);
        pool_used_ = 0;
      }
      const std::size_t n = std::min(out.size(), kPoolSize - pool_used_);
      std::copy_n(pool_.begin() + static_cast<std::ptrdiff_t>(pool_used_), n, out.begin());
      // Bytes handed out are wiped from the pool so that they live in one place only.
      std::fill_n(pool_.begin() + static_cast<std::ptrdiff_t>(pool_used_), n, std::uint8_t{0});
      pool_used_ += n;
      out = out.subspan(n);
    }
  }

 private:
  static constexpr std::size_t kPoolSize = 1024;

  void generate(std::span<std::uint8_t> out) {
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

  void free_contexts() {
    mbedtls_platform_zeroize(pool_.data(), pool_.size());
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
  }

  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  std::array<std::uint8_t, kPoolSize> pool_{};
  std::size_t pool_used_ = kPoolSize;
};

}  // namespace

std::unique_ptr<RandomSource> make_system_random() { return std::make_unique<CtrDrbgRandom>(); }

}  // namespace hotspot
