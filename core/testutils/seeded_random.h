#pragma once
// A deterministic RandomSource for tests that need repeatable codes or keys. Not a CSPRNG:
// never use it outside tests.

#include <cstdint>

#include "core/random.h"

namespace hotspot::testing {

class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(std::uint64_t seed = 1) : state_(seed) {}

  void fill(std::span<std::uint8_t> out) override {
    for (std::uint8_t& byte : out) {
      if (available_ == 0) {
        buffer_ = next();
        available_ = 8;
      }
      byte = static_cast<std::uint8_t>(buffer_);
      buffer_ >>= 8;
      --available_;
    }
  }

 private:
  // splitmix64: tiny, well distributed, and identical on every platform.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
  std::uint64_t buffer_ = 0;
  int available_ = 0;
};

}  // namespace hotspot::testing
