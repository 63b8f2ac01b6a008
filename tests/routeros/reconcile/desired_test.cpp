// What the books want on the router: a profile per plan on sale (or still in use), a user per
// active ticket with the plan's whole allowance as the router-side limits.

#include <gtest/gtest.h>

#include "routeros/reconcile/desired.h"

namespace hotspot::routeros {
namespace {

Plan plan(std::int64_t id, bool enabled = true) {
  Plan p;
  p.id = id;
  p.name = "plan " + std::to_string(id);
  p.price = Kes{50};
  p.time_allowance = Seconds(3600);
  p.data_allowance_bytes = 500'000'000;
  p.upload_bps = 1'000'000;
  p.download_bps = 2'000'000;
  p.shared_devices = 2;
  p.enabled = enabled;
  return p;
}

Ticket ticket(std::int64_t id, std::int64_t plan_id, const std::string& code) {
  Ticket t;
  t.id = id;
  t.plan_id = plan_id;
  t.code = code;
  t.state = TicketState::active;
  return t;
}

TEST(DesiredState, OneUserPerActiveTicketWithThePlansWholeAllowance) {
  Ticket used = ticket(7, 1, "K7PQ2M9X");
  used.used_seconds = 1200;
  used.used_bytes = 100'000'000;
  DesiredState d = desired_router_state({plan(1)}, {used});
  ASSERT_EQ(d.profiles.size(), 1u);
  EXPECT_EQ(d.profiles[0].name, plan_profile_name(1));
  EXPECT_EQ(d.profiles[0].rate_limit, "1M/2M");
  EXPECT_EQ(d.profiles[0].shared_users, 2);
  ASSERT_EQ(d.users.size(), 1u);
  const UserRecord& u = d.users[0];
  EXPECT_EQ(u.name, "K7PQ2M9X");
  EXPECT_EQ(u.password, "K7PQ2M9X");
  EXPECT_EQ(u.profile, plan_profile_name(1));
  EXPECT_TRUE(is_owned(u.comment));
  // Not less what was used: the router counts from the user's first login itself, and limits
  // that moved with every poll would make each reconciliation rewrite every online user.
  EXPECT_EQ(u.limit_uptime_s, 3600);
  EXPECT_EQ(u.limit_bytes_total, 500'000'000u);
}

TEST(DesiredState, TheSameBooksGiveTheSameStateWhateverWasUsed) {
  Ticket a = ticket(1, 1, "AAAAAAAA");
  Ticket b = a;
  b.used_seconds = 3599;
  b.used_bytes = 499'999'999;
  EXPECT_EQ(desired_router_state({plan(1)}, {a}).users, desired_router_state({plan(1)}, {b}).users);
}

TEST(DesiredState, ADisabledPlanKeepsItsProfileOnlyWhileInUse) {
  EXPECT_TRUE(desired_router_state({plan(1, false)}, {}).profiles.empty());
  EXPECT_EQ(desired_router_state({plan(1, false)}, {ticket(1, 1, "AAAAAAAA")}).profiles.size(), 1u);
}

TEST(DesiredState, TicketsOfUnknownPlansAreSkipped) {
  EXPECT_TRUE(desired_router_state({plan(1)}, {ticket(1, 9, "AAAAAAAA")}).users.empty());
}

}  // namespace
}  // namespace hotspot::routeros
