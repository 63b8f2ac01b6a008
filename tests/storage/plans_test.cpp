#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

using PlansTest = StoreTest;

TEST_F(PlansTest, AddedPlanReadsBackWhole) {
  Plan p = sample_plan("Weekly", 500);
  p.data_allowance_bytes = 5ull << 30;
  p.validity = ValidityMode::connected_time;
  p.shared_devices = 3;
  Plan stored = must(store().plans().add(p, "cli"));
  EXPECT_GT(stored.id, 0);
  p.id = stored.id;
  EXPECT_EQ(must(store().plans().find(stored.id)), p);
  auto audit = must(store().audit().recent(1));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "plan.added");
  EXPECT_EQ(audit[0].actor, "cli");
  EXPECT_EQ(audit[0].subject, "plan:" + std::to_string(stored.id));
}

TEST_F(PlansTest, ValidationErrorsNameTheFieldAndWriteNothing) {
  struct Case {
    const char* field;
    void (*spoil)(Plan&);
  };
  const Case cases[] = {
      {"name:", [](Plan& p) { p.name = ""; }},
      {"name:", [](Plan& p) { p.name = "line\nbreak"; }},
      {"price", [](Plan& p) { p.price = Kes{0}; }},
      {"price", [](Plan& p) { p.price = Kes{250'001}; }},
      {"allowance:", [](Plan& p) { p.time_allowance.reset(); }},
      {"time_allowance:", [](Plan& p) { p.time_allowance = Seconds(-60); }},
      {"data_allowance:", [](Plan& p) { p.data_allowance_bytes = 10; }},
      {"shared_devices:", [](Plan& p) { p.shared_devices = 0; }},
  };
  for (const Case& c : cases) {
    Plan p = sample_plan();
    c.spoil(p);
    auto added = store().plans().add(p, "cli");
    ASSERT_FALSE(added) << c.field;
    EXPECT_EQ(added.error().code, Errc::invalid_argument);
    EXPECT_EQ(added.error().message.rfind(c.field, 0), 0u) << added.error().message;
  }
  EXPECT_EQ(counts().plans, 0);
  EXPECT_EQ(counts().audit_entries, 0);
}

TEST_F(PlansTest, NamesAreUniqueIgnoringCase) {
  add_plan("Daily", 100);
  for (const char* name : {"Daily", "DAILY", "daily"}) {
    auto again = store().plans().add(sample_plan(name, 80), "cli");
    ASSERT_FALSE(again) << name;
    EXPECT_EQ(again.error().code, Errc::already_exists);
    EXPECT_EQ(again.error().message.rfind("name:", 0), 0u);
  }
  Plan other = add_plan("Weekly", 500);
  other.name = "dAILY";
  auto renamed = store().plans().update(other, "cli");
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().code, Errc::already_exists);
  EXPECT_EQ(counts().plans, 2);
  EXPECT_EQ(counts().audit_entries, 2);
}

TEST_F(PlansTest, DisablingKeepsThePlanButStopsSales) {
  Plan daily = add_plan("Daily", 100);
  must(store().sales().sell(daily.id, SaleChannel::cash, std::nullopt, "cli"));
  must(store().plans().set_enabled(daily.id, false, "cli"));

  Plan found = must(store().plans().find(daily.id));
  EXPECT_FALSE(found.enabled);
  EXPECT_EQ(found.name, "Daily");
  EXPECT_EQ(must(store().plans().list(true)).size(), 1u);
  EXPECT_TRUE(must(store().plans().list(false)).empty());
  auto sold = store().sales().sell(daily.id, SaleChannel::cash, std::nullopt, "cli");
  ASSERT_FALSE(sold);
  EXPECT_EQ(sold.error().code, Errc::conflict);
  StoreCounts c = counts();
  EXPECT_EQ(c.plans, 1);
  EXPECT_EQ(c.enabled_plans, 0);
  EXPECT_EQ(c.sales, 1);

  must(store().plans().set_enabled(daily.id, true, "cli"));
  EXPECT_TRUE(must(store().plans().find(daily.id)).enabled);
  auto missing = store().plans().set_enabled(999, false, "cli");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(PlansTest, FindByIdOrName) {
  Plan daily = add_plan("Daily", 100);
  Plan numeric = add_plan("42", 42);
  EXPECT_EQ(must(store().plans().find_by_id_or_name(std::to_string(daily.id))).name, "Daily");
  EXPECT_EQ(must(store().plans().find_by_id_or_name("dAiLy")).id, daily.id);
  EXPECT_EQ(must(store().plans().find_by_id_or_name("42")).id, numeric.id);  // no plan 42
  for (const char* unknown : {"99", "Monthly", "", "-1"}) {
    auto found = store().plans().find_by_id_or_name(unknown);
    ASSERT_FALSE(found) << unknown;
    EXPECT_EQ(found.error().code, Errc::not_found);
  }
}

TEST_F(PlansTest, UpdateReplacesFieldsAndIsAudited) {
  Plan p = add_plan("Daily", 100);
  p.price = Kes{120};
  p.shared_devices = 2;
  must(store().plans().update(p, "dashboard:owner"));
  EXPECT_EQ(must(store().plans().find(p.id)), p);
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "plan.updated");
  p.id = 77;
  auto missing = store().plans().update(p, "cli");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

}  // namespace
}  // namespace hotspot::storage::testing
