#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/seeded_random.h"

namespace hotspot::testing {
namespace {

TEST(CapturingLogger, KeepsEventsInOrderAndCountsById) {
  CapturingLogger logger;
  logger.info("storage", "STORAGE_OPENED", "db at /tmp/x");
  logger.warning("storage", "STORAGE_SLOW", "fsync took 2s");
  logger.info("storage", "STORAGE_OPENED", "again");
  EXPECT_TRUE(logger.contains("STORAGE_OPENED"));
  EXPECT_FALSE(logger.contains("STORAGE_CLOSED"));
  EXPECT_EQ(logger.count("STORAGE_OPENED"), 2u);
  auto entries = logger.entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].module, "storage");
  EXPECT_EQ(entries[1].message, "fsync took 2s");
  logger.clear();
  EXPECT_TRUE(logger.entries().empty());
}

TEST(CapturingLogger, SafeFromManyThreads) {
  CapturingLogger logger;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger] {
      for (int i = 0; i < 500; ++i) logger.info("core", "CORE_TICK", "tick");
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(logger.count("CORE_TICK"), 2'000u);
}

TEST(SeededRandom, RepeatableAndSeedDependent) {
  SeededRandom a(1), b(1), c(2);
  std::vector<std::uint8_t> x(100), y(100), z(100);
  a.fill(x);
  b.fill(y);
  c.fill(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  std::set<std::uint8_t> distinct(x.begin(), x.end());
  EXPECT_GT(distinct.size(), 50u);
}

TEST(SeededRandom, SplitFillsMatchOneFill) {
  SeededRandom a(5), b(5);
  std::vector<std::uint8_t> whole(20), part1(3), part2(17);
  a.fill(whole);
  b.fill(part1);
  b.fill(part2);
  part1.insert(part1.end(), part2.begin(), part2.end());
  EXPECT_EQ(whole, part1);
}

}  // namespace
}  // namespace hotspot::testing
