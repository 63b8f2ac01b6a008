// Telemetry kept in the books: overwritten in place, never audited or replicated.
#include "storage/health.h"

#include <future>

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

using HealthTest = StoreTest;

TEST_F(HealthTest, TheLatestRecordWinsAndNothingIsAudited) {
  const auto before = counts();
  EXPECT_FALSE(must(store().health().get("router")).has_value());
  must(store().health().record("router", "down", R"({"error":"refused"})"));
  clock_.advance(std::chrono::seconds(30));
  must(store().health().record("router", "up", R"({"version":"7.12","cpu_load":3})"));
  auto got = must(store().health().get("router"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->state, "up");
  EXPECT_NE(got->detail.find("7.12"), std::string::npos);
  EXPECT_EQ(got->checked_at, to_unix_seconds(clock_.wall_now()));
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  EXPECT_EQ(counts().outbox_pending, before.outbox_pending);
}

TEST_F(HealthTest, BadInputIsRefused) {
  EXPECT_FALSE(store().health().record("Router!", "up", "{}"));
  EXPECT_FALSE(store().health().record("router", "up", "not json"));
  EXPECT_FALSE(store().health().record("router", "up", "[1,2]"));
  EXPECT_FALSE(store().health().record("router", "up", "{\"x\":\"" + std::string(20000, 'a') + "\"}"));
  EXPECT_FALSE(must(store().health().get("router")).has_value());
}

TEST_F(HealthTest, RecordedWithoutWaitingTheCallbackFollowsTheCommit) {
  std::promise<Status> committed;
  store().health().record_async("router", "up", R"({"cpu_load":1})",
                                [&](const Status& s) { committed.set_value(s); });
  ASSERT_TRUE(committed.get_future().get().ok());
  auto got = must(store().health().get("router"));
  ASSERT_TRUE(got.has_value()) << "durable by the time the callback runs";
  EXPECT_EQ(got->state, "up");

  std::promise<Status> refused;
  store().health().record_async("router", "up", "[]", [&](const Status& s) { refused.set_value(s); });
  EXPECT_FALSE(refused.get_future().get().ok());
}

}  // namespace
}  // namespace hotspot::storage::testing
