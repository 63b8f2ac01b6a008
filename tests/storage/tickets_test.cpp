// Voucher batches and tickets, and the sales ledger that issues them.

#include <set>

#include "core/testutils/seeded_random.h"
#include "core/voucher_code.h"
#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

class TicketsTest : public StoreTest {
 protected:
  void SetUp() override { plan_ = add_plan("Daily", 100); }

  Result<VoucherBatch> batch(std::int64_t count, std::vector<Ticket>& out) {
    return store().tickets().create_batch(BatchRequest{plan_.id, count, 8, "shop"}, "cli", out);
  }
  std::string one_code() {
    std::vector<Ticket> made;
    must(batch(1, made));
    return made.at(0).code;
  }

  Plan plan_;
};

TEST_F(TicketsTest, BadCountsAreRefusedWithNothingWritten) {
  const StoreCounts before = counts();
  for (std::int64_t count :
       {std::int64_t{0}, std::int64_t{-5}, std::int64_t{1'000'000'000}, kMaxBatchSize + 1}) {
    std::vector<Ticket> made;
    auto b = batch(count, made);
    ASSERT_FALSE(b) << count;
    EXPECT_EQ(b.error().code, Errc::invalid_argument);
    EXPECT_EQ(b.error().message.rfind("count:", 0), 0u) << b.error().message;
    EXPECT_TRUE(made.empty());
  }
  const StoreCounts after = counts();
  EXPECT_EQ(after.batches, before.batches);
  EXPECT_EQ(after.tickets_issued, before.tickets_issued);
  EXPECT_EQ(after.audit_entries, before.audit_entries);
  EXPECT_EQ(after.outbox_pending, before.outbox_pending);
}

TEST_F(TicketsTest, ABatchOfAThousandHasUniqueValidCodes) {
  std::vector<Ticket> made;
  VoucherBatch b = must(batch(1000, made));
  ASSERT_EQ(made.size(), 1000u);
  std::set<std::string> codes;
  for (const Ticket& t : made) {
    codes.insert(t.code);
    auto normal = normalize_voucher_code(t.code);
    ASSERT_TRUE(normal) << t.code << ": " << normal.error().message;
    EXPECT_EQ(*normal, t.code);
    EXPECT_EQ(t.code.size(), 8u);
    EXPECT_EQ(t.batch_id, b.id);
    EXPECT_EQ(t.state, TicketState::issued);
  }
  EXPECT_EQ(codes.size(), 1000u);
  EXPECT_EQ(b.count, 1000);
  EXPECT_EQ(b.unused, 1000);
  EXPECT_EQ(b.plan_name, "Daily");
  EXPECT_EQ(counts().tickets_issued, 1000);
  EXPECT_EQ(counts().audit_entries, 2);  // the plan and the batch, not one row per ticket
  TicketFilter filter;
  filter.batch_id = b.id;
  filter.limit = 5000;
  EXPECT_EQ(must(store().tickets().list(filter)).size(), 1000u);
}

TEST_F(TicketsTest, ABatchForADisabledPlanIsRefused) {
  must(store().plans().set_enabled(plan_.id, false, "cli"));
  const StoreCounts before = counts();
  std::vector<Ticket> made;
  auto b = batch(10, made);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::conflict);
  EXPECT_NE(b.error().message.find("disabled"), std::string::npos);
  EXPECT_EQ(counts().batches, before.batches);
  EXPECT_EQ(counts().tickets_issued, 0);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  auto unknown = store().tickets().create_batch(BatchRequest{999, 1, 8, ""}, "cli", made);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
}

TEST_F(TicketsTest, FindByCodeAcceptsCodesAsPeopleTypeThem) {
  const std::string code = one_code();
  std::string lower;
  for (char c : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string dashed = format_voucher_code(code);
  const std::string spaced = " " + code.substr(0, 4) + " " + code.substr(4) + " ";
  for (const std::string& typed : {code, lower, dashed, spaced}) {
    auto found = store().tickets().find_by_code(typed);
    ASSERT_TRUE(found) << typed << ": " << found.error().message;
    EXPECT_EQ(found->code, code);
  }
}

TEST_F(TicketsTest, ATypoIsToldApartFromAnUnknownCode) {
  const std::string code = one_code();
  std::string typo = code;
  typo[2] = typo[2] == 'A' ? 'B' : 'A';  // one wrong symbol: the check character catches it
  auto mistyped = store().tickets().find_by_code(typo);
  ASSERT_FALSE(mistyped);
  EXPECT_EQ(mistyped.error().code, Errc::invalid_argument);
  EXPECT_NE(mistyped.error().message.find("typo"), std::string::npos);

  hotspot::testing::SeededRandom random(99);
  std::string unknown = generate_voucher_code(random);
  while (unknown == code) unknown = generate_voucher_code(random);
  auto missing = store().tickets().find_by_code(unknown);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);

  auto garbage = store().tickets().find_by_code("'; DROP TABLE tickets; --");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, Errc::invalid_argument);
}

TEST_F(TicketsTest, RevokeEndsAnIssuedTicketOnce) {
  const std::string code = one_code();
  Ticket revoked = must(store().tickets().revoke(format_voucher_code(code), "cli", "lost sheet"));
  EXPECT_EQ(revoked.state, TicketState::revoked);
  Ticket stored = must(store().tickets().find_by_code(code));
  EXPECT_EQ(stored.state, TicketState::revoked);
  EXPECT_TRUE(stored.ended_at.has_value());
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "ticket.revoked");

  const StoreCounts before = counts();
  const std::string audit_before = table_text(db_path(), "audit_log");
  auto again = store().tickets().revoke(code, "cli", "again");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before);
  EXPECT_EQ(counts().outbox_pending, before.outbox_pending);
  EXPECT_EQ(counts().tickets_ended, 1);
}

TEST_F(TicketsTest, SaleIssuesATicketAtThePlansPrice) {
  SaleReceipt r = must(store().sales().sell(plan_.id, SaleChannel::cash, std::nullopt, "portal"));
  EXPECT_EQ(r.sale.amount_kes, 100);
  EXPECT_EQ(r.sale.ticket_id, r.ticket.id);
  EXPECT_TRUE(normalize_voucher_code(r.ticket.code));
  EXPECT_EQ(must(store().tickets().find(r.ticket.id)).code, r.ticket.code);
  auto days = must(store().sales().revenue_by_day(7));
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].day, "2026-01-01");
  EXPECT_EQ(days[0].revenue_kes, 100);
  auto unknown = store().sales().sell(999, SaleChannel::cash, std::nullopt, "portal");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
}

TEST_F(TicketsTest, AVoucherIsSoldOnceHoweverOftenItIsRecorded) {
  std::vector<Ticket> made;
  must(batch(1, made));
  Sale first = must(store().sales().record_voucher_sale(made[0].id, "portal"));
  Sale second = must(store().sales().record_voucher_sale(made[0].id, "portal"));
  EXPECT_EQ(first.id, second.id);
  EXPECT_EQ(first.channel, SaleChannel::voucher);
  EXPECT_EQ(counts().sales, 1);
  EXPECT_EQ(counts().revenue_kes, 100);
  auto missing = store().sales().record_voucher_sale(12345, "portal");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(TicketsTest, ActivationHappensOnceAndASecondRedemptionIsHarmless) {
  std::vector<Ticket> made;
  must(batch(2, made));
  const WallTime login = clock_.wall_now() + std::chrono::seconds(90);
  Ticket active = must(store().tickets().activate(made[0].id, login, "portal"));
  EXPECT_EQ(active.state, TicketState::active);
  EXPECT_EQ(active.first_login_at, login);
  EXPECT_EQ(active.code, made[0].code);
  Ticket stored = must(store().tickets().find(made[0].id));
  EXPECT_EQ(stored.state, TicketState::active);
  EXPECT_EQ(stored.first_login_at, login);
  auto entry = must(store().audit().recent(1)).at(0);
  EXPECT_EQ(entry.action, "ticket.activated");
  EXPECT_EQ(entry.subject, "ticket:" + made[0].code);

  const std::string audit_before = table_text(db_path(), "audit_log");
  Ticket again =
      must(store().tickets().activate(made[0].id, login + std::chrono::hours(1), "portal"));
  EXPECT_EQ(again.state, TicketState::active);
  EXPECT_EQ(again.first_login_at, login);  // the first login stays the first
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before);
  EXPECT_EQ(counts().tickets_active, 1);
  EXPECT_EQ(counts().tickets_issued, 1);

  auto missing = store().tickets().activate(made[1].id + 100, login, "portal");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(TicketsTest, AnEndedTicketCannotBeActivated) {
  const std::string code = one_code();
  Ticket revoked = must(store().tickets().revoke(code, "cli", "lost sheet"));
  const std::string audit_before = table_text(db_path(), "audit_log");
  auto late = store().tickets().activate(revoked.id, clock_.wall_now(), "portal");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::conflict);
  EXPECT_EQ(late.error().message, "a revoked ticket cannot be activated");
  Ticket stored = must(store().tickets().find(revoked.id));
  EXPECT_EQ(stored.state, TicketState::revoked);
  EXPECT_FALSE(stored.first_login_at);
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before);
}

TEST_F(TicketsTest, RaiseUsageNeverLowersAndLeavesOtherStatesAlone) {
  std::vector<Ticket> made;
  must(batch(2, made));
  must(store().tickets().activate(made[0].id, clock_.wall_now(), "portal"));
  const std::string audit_before = table_text(db_path(), "audit_log");
  Ticket raised = must(store().tickets().raise_usage(made[0].id, 600, 5'000'000));
  EXPECT_EQ(raised.used_seconds, 600);
  EXPECT_EQ(raised.used_bytes, 5'000'000u);
  Ticket kept = must(store().tickets().raise_usage(made[0].id, 300, 9'000'000));
  EXPECT_EQ(kept.used_seconds, 600) << "a lower reading keeps what was recorded";
  EXPECT_EQ(kept.used_bytes, 9'000'000u);
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before) << "counters are not audited";

  Ticket unused = must(store().tickets().raise_usage(made[1].id, 600, 1));
  EXPECT_EQ(unused.used_seconds, 0) << "an issued ticket has used nothing";
  auto bad = store().tickets().raise_usage(made[0].id, -1, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::invalid_argument);
  auto missing = store().tickets().raise_usage(made[1].id + 100, 1, 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(TicketsTest, EndExpiresOrExhaustsAnActiveTicketOnce) {
  std::vector<Ticket> made;
  must(batch(2, made));
  for (const Ticket& t : made) must(store().tickets().activate(t.id, clock_.wall_now(), "portal"));
  clock_.advance(std::chrono::hours(1));
  Ticket expired =
      must(store().tickets().end(made[0].id, TicketEvent::expire, "time up", "daemon"));
  EXPECT_EQ(expired.state, TicketState::expired);
  EXPECT_EQ(expired.ended_at, clock_.wall_now());
  auto entry = must(store().audit().recent(1)).at(0);
  EXPECT_EQ(entry.action, "ticket.expired");
  EXPECT_NE(entry.details.find("\"reason\":\"time up\""), std::string::npos) << entry.details;
  Ticket exhausted =
      must(store().tickets().end(made[1].id, TicketEvent::exhaust, "data used up", "daemon"));
  EXPECT_EQ(exhausted.state, TicketState::exhausted);
  EXPECT_EQ(must(store().audit().recent(1)).at(0).action, "ticket.exhausted");
  EXPECT_EQ(must(store().tickets().find(made[1].id)).state, TicketState::exhausted);
  EXPECT_EQ(counts().tickets_ended, 2);

  // Ending again the same way is a no-op that keeps the first end time.
  const std::string audit_before = table_text(db_path(), "audit_log");
  clock_.advance(std::chrono::minutes(5));
  Ticket twice = must(store().tickets().end(made[0].id, TicketEvent::expire, "again", "daemon"));
  EXPECT_EQ(twice.state, TicketState::expired);
  EXPECT_EQ(twice.ended_at, expired.ended_at);
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before);
}

TEST_F(TicketsTest, EndRefusesOtherEventsAndOtherEndings) {
  std::vector<Ticket> made;
  must(batch(3, made));
  must(store().tickets().activate(made[0].id, clock_.wall_now(), "portal"));
  for (TicketEvent event : {TicketEvent::first_login, TicketEvent::revoke}) {
    auto wrong = store().tickets().end(made[0].id, event, "", "daemon");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::invalid_argument);
    EXPECT_EQ(wrong.error().message.rfind("event:", 0), 0u) << wrong.error().message;
  }
  auto long_reason =
      store().tickets().end(made[0].id, TicketEvent::expire, std::string(201, 'x'), "daemon");
  ASSERT_FALSE(long_reason);
  EXPECT_EQ(long_reason.error().code, Errc::invalid_argument);
  EXPECT_EQ(must(store().tickets().find(made[0].id)).state, TicketState::active);

  must(store().tickets().end(made[0].id, TicketEvent::exhaust, "quota", "daemon"));
  const std::string audit_before = table_text(db_path(), "audit_log");
  auto other = store().tickets().end(made[0].id, TicketEvent::expire, "time up", "daemon");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::conflict);
  EXPECT_EQ(other.error().message, "an exhausted ticket cannot be expired");
  must(store().tickets().revoke(made[1].code, "cli", "lost"));
  auto revoked = store().tickets().end(made[1].id, TicketEvent::expire, "time up", "daemon");
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().code, Errc::conflict);
  // Nothing was used on an unused ticket, so nothing can run out.
  auto unused = store().tickets().end(made[2].id, TicketEvent::exhaust, "quota", "daemon");
  ASSERT_FALSE(unused);
  EXPECT_EQ(unused.error().code, Errc::conflict);
  EXPECT_EQ(must(store().tickets().find(made[2].id)).state, TicketState::issued);
  auto missing = store().tickets().end(made[2].id + 100, TicketEvent::expire, "", "daemon");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_EQ(must(store().audit().recent(1)).at(0).action, "ticket.revoked");
}

TEST_F(TicketsTest, ListActiveHoldsOnlyActiveTicketsById) {
  std::vector<Ticket> made;
  must(batch(5, made));
  EXPECT_TRUE(must(store().tickets().list_active()).empty());
  // Activated out of order, to show the list is by id and not by first login.
  must(store().tickets().activate(made[3].id, clock_.wall_now(), "portal"));
  clock_.advance(std::chrono::minutes(1));
  must(store().tickets().activate(made[1].id, clock_.wall_now(), "portal"));
  must(store().tickets().activate(made[4].id, clock_.wall_now(), "portal"));
  must(store().tickets().end(made[4].id, TicketEvent::expire, "time up", "daemon"));
  auto active = must(store().tickets().list_active());
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].id, made[1].id);
  EXPECT_EQ(active[1].id, made[3].id);
  for (const Ticket& t : active) {
    EXPECT_EQ(t.state, TicketState::active);
    EXPECT_TRUE(t.first_login_at);
  }
}

}  // namespace
}  // namespace hotspot::storage::testing
