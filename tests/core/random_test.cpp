#include "core/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <vector>

#include "tests/core/chi_square.h"

namespace hotspot {
namespace {

// Hands out scripted 32-bit words (little-endian, as uniform() assembles them) and counts draws.
class ScriptedRandom final : public RandomSource {
 public:
  explicit ScriptedRandom(std::deque<std::uint32_t> words) : words_(std::move(words)) {}
  void fill(std::span<std::uint8_t> out) override {
    if (out.size() != 4 || words_.empty()) throw std::logic_error("unexpected draw");
    std::uint32_t w = words_.front();
    words_.pop_front();
    for (int i = 0; i < 4; ++i)
      out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(w >> (8 * i));
    ++draws;
  }
  int draws = 0;

 private:
  std::deque<std::uint32_t> words_;
};

TEST(Uniform, RejectsTheBiasedLowRange) {
  // 2^32 mod 3 == 1: the single value 0 would give residue 0 one extra time, so it is redrawn.
  ScriptedRandom r({0, 7});
  EXPECT_EQ(r.uniform(3), 1u);
  EXPECT_EQ(r.draws, 2);

  // 2^32 mod 31 == 4: values 0..3 are redrawn, 4 is the first kept.
  ScriptedRandom r31({0, 1, 2, 3, 4});
  EXPECT_EQ(r31.uniform(31), 4u);
  EXPECT_EQ(r31.draws, 5);

  // For bound 2^31 + 1 almost half of all words must be redrawn.
  const std::uint32_t big = (1u << 31) + 1;
  ScriptedRandom rb({(1u << 31) - 2, (1u << 31) - 1, 0xFFFFFFFFu});
  EXPECT_EQ(rb.uniform(big), (1u << 31) - 1);
  EXPECT_EQ(rb.draws, 2);
  EXPECT_EQ(rb.uniform(big), 0xFFFFFFFFu - big);
}

TEST(Uniform, PowersOfTwoNeverRedraw) {
  ScriptedRandom r({0, 0x12345678u, 0xFFFFFFFFu});
  EXPECT_EQ(r.uniform(16), 0u);
  EXPECT_EQ(r.uniform(16), 8u);
  EXPECT_EQ(r.uniform(1), 0u);
  EXPECT_EQ(r.draws, 3);
}

TEST(Uniform, ZeroBoundIsAProgrammingError) {
  ScriptedRandom r({1});
  EXPECT_THROW(r.uniform(0), std::invalid_argument);
}

TEST(SystemRandom, FillsBuffersLargerThanOneDrbgRequest) {
  auto random = make_system_random();
  std::vector<std::uint8_t> buf(5'000, 0);  // several MBEDTLS_CTR_DRBG_MAX_REQUEST chunks
  random->fill(buf);
  // Each 1 KiB stretch must have been written: all zero by chance has probability 2^-8192.
  for (std::size_t start = 0; start < buf.size(); start += 1'000) {
    auto end = buf.begin() + static_cast<std::ptrdiff_t>(std::min(start + 1'000, buf.size()));
    EXPECT_TRUE(std::any_of(buf.begin() + static_cast<std::ptrdiff_t>(start), end,
                            [](std::uint8_t b) { return b != 0; }))
        << "bytes from " << start << " left untouched";
  }
  std::vector<std::uint8_t> empty;
  random->fill(empty);
}

TEST(SystemRandom, InstancesAndDrawsDiffer) {
  auto a = make_system_random();
  auto b = make_system_random();
  std::vector<std::uint8_t> x(32), y(32), z(32);
  a->fill(x);
  b->fill(y);
  a->fill(z);
  EXPECT_NE(x, y);
  EXPECT_NE(x, z);
}

TEST(SystemRandom, BytesLookUniform) {
  auto random = make_system_random();
  std::vector<std::uint8_t> buf(256 * 400);
  random->fill(buf);
  std::vector<std::uint64_t> counts(256, 0);
  for (auto b : buf) ++counts[b];
  EXPECT_LT(testing::chi_square_uniform(counts), testing::loose_chi_square_bound(256));
}

TEST(SystemRandom, UniformStaysInRangeAndLooksUniform) {
  auto random = make_system_random();
  for (std::uint32_t bound : {31u, 1000u, 0x80000001u}) {
    std::vector<std::uint64_t> counts(31, 0);
    for (int i = 0; i < 31 * 1'000; ++i) {
      std::uint32_t v = random->uniform(bound);
      ASSERT_LT(v, bound);
      if (bound == 31) ++counts[v];
    }
    if (bound == 31) {
      EXPECT_LT(testing::chi_square_uniform(counts), testing::loose_chi_square_bound(31));
    }
  }
}

// The bound must be tight enough to catch the classic mistake, byte % 31, which over-weights
// the first eight residues by one eighth.
TEST(ChiSquare, CatchesModuloBias) {
  std::vector<std::uint64_t> counts(31, 0);
  for (int round = 0; round < 600; ++round) {
    for (int b = 0; b < 256; ++b) ++counts[static_cast<std::size_t>(b % 31)];
  }
  EXPECT_GT(testing::chi_square_uniform(counts), testing::loose_chi_square_bound(31));
  std::vector<std::uint64_t> flat(31, 5'000);
  EXPECT_LT(testing::chi_square_uniform(flat), testing::loose_chi_square_bound(31));
}

}  // namespace
}  // namespace hotspot
