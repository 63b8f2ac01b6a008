// The pacer with jobs that end on timers: the bound on jobs in flight always holds, and the
// token bucket spaces starts out (checked as a lower bound on elapsed time only).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/testutils/capturing_logger.h"
#include "routeros/hotspot/pacer.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

struct Jobs {
  boost::asio::io_context& io;
  std::size_t running = 0;
  std::size_t most = 0;
  std::size_t finished = 0;

  Pacer::Job job(std::chrono::milliseconds takes) {
    return [this, takes](Pacer::Done done) {
      most = std::max(most, ++running);
      auto timer = std::make_shared<boost::asio::steady_timer>(io, takes);
      timer->async_wait([this, timer, done](boost::system::error_code) {
        --running;
        ++finished;
        done();
      });
    };
  }
};

TEST(Pacer, NeverMoreInFlightThanAllowed) {
  boost::asio::io_context io;
  NullLogger logger;
  auto pacer = Pacer::create(io.get_executor(), PacingOptions{3, 0, 1}, logger);
  Jobs jobs{io};
  bool idle = false;
  for (int i = 0; i < 30; ++i) pacer->submit(jobs.job(std::chrono::milliseconds(1 + i % 3)));
  pacer->on_idle([&] { idle = true; });
  ASSERT_TRUE(run_until(io, [&] { return idle; }));
  EXPECT_EQ(jobs.finished, 30u);
  EXPECT_EQ(jobs.most, 3u);
  EXPECT_EQ(pacer->max_in_flight_seen(), 3u);
  EXPECT_EQ(pacer->in_flight(), 0u);
}

TEST(Pacer, TheTokenBucketSpacesStarts) {
  boost::asio::io_context io;
  NullLogger logger;
  // 100 per second with a burst of 1: 21 instant jobs need at least 200 ms.
  auto pacer = Pacer::create(io.get_executor(), PacingOptions{50, 100, 1}, logger);
  Jobs jobs{io};
  bool idle = false;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 21; ++i) pacer->submit(jobs.job(std::chrono::milliseconds(0)));
  pacer->on_idle([&] { idle = true; });
  ASSERT_TRUE(run_until(io, [&] { return idle; }));
  EXPECT_EQ(jobs.finished, 21u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(195));
}

TEST(Pacer, ADoneCalledTwiceFreesOneSlot) {
  boost::asio::io_context io;
  NullLogger logger;
  auto pacer = Pacer::create(io.get_executor(), PacingOptions{1, 0, 1}, logger);
  int ran = 0;
  bool idle = false;
  for (int i = 0; i < 3; ++i) {
    pacer->submit([&](Pacer::Done done) {
      ++ran;
      EXPECT_EQ(pacer->in_flight(), 1u);
      done();
      done();
    });
  }
  pacer->on_idle([&] { idle = true; });
  ASSERT_TRUE(run_until(io, [&] { return idle; }));
  EXPECT_EQ(ran, 3);
}

TEST(Pacer, AThrowingJobIsLoggedAndFreesItsSlot) {
  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  auto pacer = Pacer::create(io.get_executor(), PacingOptions{1, 0, 1}, logger);
  int ran = 0;
  bool idle = false;
  pacer->submit([&](Pacer::Done) {
    ++ran;
    throw std::runtime_error("out of memory, say");
  });
  pacer->submit([&](Pacer::Done done) {
    ++ran;
    done();
  });
  pacer->on_idle([&] { idle = true; });
  ASSERT_TRUE(run_until(io, [&] { return idle; }));
  EXPECT_EQ(ran, 2);
  EXPECT_TRUE(logger.contains("ROUTEROS_HANDLER_THREW"));
}

TEST(Pacer, IdleAtOnceWhenNothingWasSubmitted) {
  boost::asio::io_context io;
  NullLogger logger;
  auto pacer = Pacer::create(io.get_executor(), PacingOptions{}, logger);
  bool idle = false;
  pacer->on_idle([&] { idle = true; });
  ASSERT_TRUE(run_until(io, [&] { return idle; }));
}

}  // namespace
}  // namespace hotspot::routeros::testing
