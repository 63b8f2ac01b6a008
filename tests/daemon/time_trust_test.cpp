// When the wall clock may end a ticket: gained on evidence (NTP, the router agreeing), kept while
// the clock keeps pace with the monotonic clock, lost on a jump or a clock behind the books.

#include <gtest/gtest.h>

#include "daemon/time_trust.h"

namespace hotspot::daemon {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const WallTime kNow = from_unix_seconds(1'790'000'000);
const MonoTime kBoot{};

TEST(TimeTrust, NoEvidenceNoTrust) {
  TimeTrust trust(std::nullopt);
  EXPECT_FALSE(trust.assess(kNow, kBoot, {}).trusted);
}

TEST(TimeTrust, NtpOrAnAgreeingRouterGivesTrust) {
  TimeTrust ntp(std::nullopt);
  EXPECT_TRUE(ntp.assess(kNow, kBoot, {true, std::nullopt}).trusted);
  TimeTrust router(std::nullopt);
  EXPECT_TRUE(router.assess(kNow, kBoot, {false, 12}).trusted);
  TimeTrust far(std::nullopt);
  EXPECT_FALSE(far.assess(kNow, kBoot, {false, 3600}).trusted) << "the router says we are an hour off";
}

TEST(TimeTrust, NtpOutweighsARouterWithAWrongClock) {
  TimeTrust trust(std::nullopt);
  EXPECT_TRUE(trust.assess(kNow, kBoot, {true, -86400}).trusted);
}

TEST(TimeTrust, KeptWhileTheClockKeepsPaceAfterTheEvidenceIsGone) {
  TimeTrust trust(std::nullopt);
  ASSERT_TRUE(trust.assess(kNow, kBoot, {true, std::nullopt}).trusted);
  // The uplink drops: no NTP, no router; the clock runs on at the monotonic clock's pace.
  EXPECT_TRUE(trust.assess(kNow + hours(5), kBoot + hours(5), {}).trusted);
  EXPECT_TRUE(trust.assess(kNow + hours(5) + seconds(70), kBoot + hours(5) + seconds(30), {}).trusted)
      << "40 s of drift is within tolerance";
}

TEST(TimeTrust, AJumpLosesTrustUntilNewEvidence) {
  TimeTrust trust(std::nullopt);
  ASSERT_TRUE(trust.assess(kNow, kBoot, {true, std::nullopt}).trusted);
  EXPECT_FALSE(trust.assess(kNow + hours(30), kBoot + minutes(1), {}).trusted) << "a day ahead in a minute";
  EXPECT_FALSE(trust.assess(kNow + hours(30) + minutes(1), kBoot + minutes(2), {}).trusted)
      << "still no evidence";
  EXPECT_TRUE(trust.assess(kNow + hours(30) + minutes(2), kBoot + minutes(3), {false, 5}).trusted);
}

TEST(TimeTrust, AClockBehindTheBooksIsNotTrustedEvenWithAnAgreeingRouter) {
  // A Raspberry Pi restored last week's saved time at boot; the router, without an RTC either,
  // may agree with it. What the books already hold proves both wrong.
  TimeTrust trust(kNow);
  EXPECT_FALSE(trust.assess(kNow - hours(24 * 7), kBoot, {false, 3}).trusted);
  EXPECT_TRUE(trust.assess(kNow + minutes(1), kBoot + minutes(1), {true, std::nullopt}).trusted)
      << "once NTP has set it right";
}

TEST(TimeTrust, AClockBackAfterTrustIsAJump) {
  TimeTrust trust(std::nullopt);
  ASSERT_TRUE(trust.assess(kNow, kBoot, {true, std::nullopt}).trusted);
  EXPECT_FALSE(trust.assess(kNow - hours(2), kBoot + seconds(10), {}).trusted);
}

}  // namespace
}  // namespace hotspot::daemon
