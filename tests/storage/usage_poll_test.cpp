// The router's live sessions applied to the books: new logins opened, counters refreshed, dropped
// sessions closed, each ticket's usage summed over all its sessions and never lowered, bad
// entries skipped without losing the rest, and the whole poll in one commit.

#include <atomic>
#include <cstdio>

#include "storage/context.h"
#include "storage/usage_poll.h"
#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

class UsagePollTest : public StoreTest {
 protected:
  void SetUp() override {
    plan_ = add_plan("Daily", 100);
    first_ = sell();
    second_ = sell();
  }

  Ticket sell() {
    return must(store().sales().sell(plan_.id, SaleChannel::cash, std::nullopt, "portal")).ticket;
  }
  static LiveSession live(const Ticket& t, std::string router_id, std::int64_t uptime,
                          std::int64_t in, std::int64_t out,
                          std::string mac = "aa-bb-cc-dd-ee-01") {
    return LiveSession{t.id, std::move(mac), "10.5.50.10", std::move(router_id), uptime, in, out};
  }
  Result<std::vector<Ticket>> apply(const UsagePoll& poll) {
    return store().usage_polls().apply(poll, "router");
  }
  Session open_session(const std::string& router_id) {
    auto found = must(store().sessions().find_open_by_router_id(router_id));
    if (!found) throw std::runtime_error("no open session " + router_id);
    return *found;
  }
  std::int64_t audited(const std::string& action) {
    return sql_int(db_path(), "SELECT count(*) FROM audit_log WHERE action = '" + action + "'");
  }
  void expect_books_check_out() {
    CheckReport report = must(store().check());
    EXPECT_TRUE(report.ok) << report.integrity << " " << report.audit_problem;
    EXPECT_EQ(report.foreign_key_violations, 0);
  }

  Plan plan_;
  Ticket first_;
  Ticket second_;
};

TEST_F(UsagePollTest, NewLoginsAreOpenedAndTheirUsageSummedPerTicket) {
  UsagePoll poll;
  poll.live = {live(first_, "*1", 60, 1'000, 200),
               live(first_, "*2", 30, 500, 100, "AA:BB:CC:DD:EE:02"),
               live(second_, "*3", 10, 7, 3, "AA:BB:CC:DD:EE:03")};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].id, first_.id);
  EXPECT_EQ(tickets[0].used_seconds, 90);
  EXPECT_EQ(tickets[0].used_bytes, 1'800u);
  EXPECT_EQ(tickets[1].id, second_.id);
  EXPECT_EQ(tickets[1].used_seconds, 10);
  EXPECT_EQ(tickets[1].used_bytes, 10u);
  Ticket stored = must(store().tickets().find(first_.id));
  EXPECT_EQ(stored.used_seconds, 90);
  EXPECT_EQ(stored.used_bytes, 1'800u);

  Session s = open_session("*1");
  EXPECT_EQ(s.ticket_id, first_.id);
  EXPECT_EQ(s.mac, "AA:BB:CC:DD:EE:01");
  EXPECT_EQ(s.ip, "10.5.50.10");
  EXPECT_EQ(s.uptime_s, 60);
  EXPECT_EQ(s.bytes_in, 1'000);
  EXPECT_EQ(s.bytes_out, 200);
  EXPECT_EQ(must(store().sessions().list_open()).size(), 3u);
  EXPECT_EQ(audited("session.opened"), 3);
  expect_books_check_out();
}

TEST_F(UsagePollTest, KnownSessionsHaveTheirCountersRefreshedWithoutAuditing) {
  UsagePoll poll;
  poll.live = {live(first_, "*1", 60, 1'000, 200)};
  must(apply(poll));
  const std::int64_t audit_before = counts().audit_entries;
  poll.live = {live(first_, "*1", 120, 5'000, 900)};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 120);
  EXPECT_EQ(tickets[0].used_bytes, 5'900u);
  Session s = open_session("*1");
  EXPECT_EQ(s.uptime_s, 120);
  EXPECT_EQ(s.bytes_in, 5'000);
  EXPECT_EQ(s.bytes_out, 900);
  EXPECT_EQ(must(store().sessions().for_ticket(first_.id)).size(), 1u);
  EXPECT_EQ(counts().audit_entries, audit_before);
}

TEST_F(UsagePollTest, EndedSessionsCloseKeepingTheirCountersAndStillCount) {
  UsagePoll poll;
  poll.live = {live(first_, "*1", 600, 40'000, 2'000)};
  must(apply(poll));
  const Session first_login = open_session("*1");
  clock_.advance(std::chrono::minutes(10));
  // The phone dropped off and came back: the router ended *1 and reports a new login *2.
  poll.live = {live(first_, "*2", 30, 1'000, 100)};
  poll.ended = {EndedSession{first_login.id, "ended on the router"}};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 630);
  EXPECT_EQ(tickets[0].used_bytes, 43'100u);

  Session closed = must(store().sessions().find(first_login.id));
  EXPECT_FALSE(closed.is_open());
  EXPECT_EQ(closed.end_cause, "ended on the router");
  EXPECT_EQ(closed.ended_at, first_login.started_at + 600);
  EXPECT_EQ(closed.uptime_s, 600);
  EXPECT_EQ(closed.bytes_in, 40'000);
  EXPECT_EQ(audited("session.closed"), 1);
  EXPECT_EQ(audited("session.opened"), 2);

  // Once all its sessions are closed the ticket keeps the sum of them.
  poll.live.clear();
  poll.ended = {EndedSession{open_session("*2").id, "kicked: expired"}};
  tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 630);
  EXPECT_TRUE(must(store().sessions().list_open()).empty());

  // A session closed already (a kick, an earlier poll) is left as it was.
  const std::string before = table_text(db_path(), "sessions");
  const std::int64_t audit_before = counts().audit_entries;
  tickets = must(apply(poll));
  EXPECT_TRUE(tickets.empty());
  EXPECT_EQ(table_text(db_path(), "sessions"), before);
  EXPECT_EQ(counts().audit_entries, audit_before);
  expect_books_check_out();
}

TEST_F(UsagePollTest, UsageAlreadyRecordedIsNeverLowered) {
  // As a ticket carried over from an earlier router, or counted before a router reset.
  sql_exec(db_path(), "UPDATE tickets SET used_seconds = 5000, used_bytes = 900000 WHERE id = " +
                          std::to_string(first_.id));
  UsagePoll poll;
  poll.live = {live(first_, "*1", 60, 1'000, 1'000), live(second_, "*2", 100, 100, 100)};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].used_seconds, 5000);
  EXPECT_EQ(tickets[0].used_bytes, 900'000u);

  // A lower reading than the last, for a session the books know, keeps the last.
  poll.live = {live(second_, "*2", 40, 10, 10)};
  tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 100);
  EXPECT_EQ(tickets[0].used_bytes, 200u);
  Session s = open_session("*2");
  EXPECT_EQ(s.uptime_s, 100);
  EXPECT_EQ(s.bytes_in, 100);
}

TEST_F(UsagePollTest, BadEntriesAreSkippedAndLoggedWithoutLosingTheRest) {
  UsagePoll seed;
  seed.live = {live(second_, "*9", 5, 5, 5)};
  must(apply(seed));
  const Session known = open_session("*9");
  log_.clear();

  UsagePoll poll;
  Ticket unknown;
  unknown.id = second_.id + 1000;
  poll.live = {live(first_, "*1", 60, 100, 100, "AA:BB:CC:DD:EE"),       // bad mac
               live(first_, "*2", 60, 100, 100, "AA:BB:CC:DD:EE:02\n"),  // bad mac and ip
               live(unknown, "*3", 60, 100, 100),                        // unknown ticket
               live(first_, "*4", -1, 100, 100),                         // negative counter
               live(first_, "*5", 60, kMaxSessionBytes + 1, 0),          // garbage counter
               live(first_, "*6 =name=x", 60, 100, 100),                 // bad router id
               live(first_, "*7", 60, 1'000, 24)};                       // the good one
  poll.live[1].ip = "10.0.0.1;reboot";
  poll.ended = {EndedSession{known.id + 1000, "ended on the router"},  // unknown session
                EndedSession{known.id, "line\nbreak"}};                  // bad cause
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].id, first_.id);
  EXPECT_EQ(tickets[0].used_seconds, 60);
  EXPECT_EQ(tickets[0].used_bytes, 1'024u);
  EXPECT_EQ(log_.count("STORAGE_POLL_ENTRY_SKIPPED"), 8u) << log_.text();
  auto open = must(store().sessions().list_open());
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, known.id);
  EXPECT_EQ(open[1].router_session_id, "*7");
  EXPECT_EQ(audited("session.opened"), 2);
  EXPECT_EQ(audited("session.closed"), 0);
  expect_books_check_out();
}

TEST_F(UsagePollTest, ManyBadEntriesAreLoggedAsAFewLinesAndACount) {
  UsagePoll poll;
  for (int i = 0; i < 25; ++i) {
    poll.live.push_back(live(first_, "*" + std::to_string(i), 1, 1, 1, "bad"));
  }
  poll.live.push_back(live(first_, "*99", 7, 1, 1));
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 7);
  EXPECT_EQ(log_.count("STORAGE_POLL_ENTRY_SKIPPED"), 11u) << log_.text();
  EXPECT_EQ(log_.last_message("STORAGE_POLL_ENTRY_SKIPPED"), "and 15 more entries of this poll");
}

TEST_F(UsagePollTest, ARouterIdReusedForAnotherLoginClosesTheOldSession) {
  UsagePoll poll;
  poll.live = {live(first_, "*1", 300, 3'000, 0)};
  must(apply(poll));
  const Session old = open_session("*1");
  // After a router reboot, *1 names someone else's login.
  poll.live = {live(second_, "*1", 20, 200, 0, "AA:BB:CC:DD:EE:02")};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].used_seconds, 300);
  EXPECT_EQ(tickets[1].used_seconds, 20);
  Session replaced = must(store().sessions().find(old.id));
  EXPECT_EQ(replaced.end_cause, "replaced on the router");
  EXPECT_EQ(replaced.uptime_s, 300);
  Session now = open_session("*1");
  EXPECT_EQ(now.ticket_id, second_.id);
  EXPECT_EQ(now.uptime_s, 20);
}

TEST_F(UsagePollTest, AnEndedSessionIsClosedBeforeALiveOneReusesItsRouterId) {
  // The same phone on the same ticket, logged in again after a router reboot that numbered
  // sessions afresh: the caller reports the old session ended and the new one live, under *1.
  UsagePoll poll;
  poll.live = {live(first_, "*1", 900, 9'000, 0)};
  must(apply(poll));
  const Session old = open_session("*1");
  poll.live = {live(first_, "*1", 15, 100, 0)};
  poll.ended = {{old.id, "ended on the router"}};
  auto tickets = must(apply(poll));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].used_seconds, 915) << "both sessions count";
  EXPECT_EQ(tickets[0].used_bytes, 9'100u);
  Session closed = must(store().sessions().find(old.id));
  EXPECT_FALSE(closed.is_open());
  EXPECT_EQ(closed.uptime_s, 900);
  Session fresh = open_session("*1");
  EXPECT_NE(fresh.id, old.id);
  EXPECT_EQ(fresh.uptime_s, 15);
}

TEST_F(UsagePollTest, HundredsOfSessionsGoInOneCommit) {
  std::vector<Ticket> tickets;
  for (int i = 0; i < 20; ++i) tickets.push_back(sell());
  constexpr int kSessions = 300;
  UsagePoll poll;
  for (int i = 0; i < kSessions; ++i) {
    char mac[18];
    std::snprintf(mac, sizeof mac, "AA:BB:CC:DD:%02X:%02X", i / 256, i % 256);
    poll.live.push_back(live(tickets[static_cast<std::size_t>(i) % tickets.size()],
                             "*" + std::to_string(i), 60, 1'000, 24, mac));
  }
  const std::int64_t audit_before = counts().audit_entries;
  count_commits();
  auto touched = must(apply(poll));
  EXPECT_EQ(commits_.load(), 1);
  ASSERT_EQ(touched.size(), tickets.size());
  for (const Ticket& t : touched) {
    EXPECT_EQ(t.used_seconds, 60 * kSessions / 20);
    EXPECT_EQ(t.used_bytes, 1'024u * kSessions / 20);
  }
  EXPECT_EQ(counts().audit_entries, audit_before + kSessions);

  for (LiveSession& l : poll.live) l.uptime_s = 120;
  count_commits();
  must(apply(poll));
  EXPECT_EQ(commits_.load(), 1);
  EXPECT_EQ(must(store().tickets().find(tickets[0].id)).used_seconds, 120 * kSessions / 20);
  expect_books_check_out();
}

TEST_F(UsagePollTest, AnOversizedPollIsRefusedWithNothingWritten) {
  UsagePoll poll;
  poll.live.assign(kMaxPollSessions + 1, live(first_, "*1", 1, 1, 1));
  const StoreCounts before = counts();
  auto refused = apply(poll);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  EXPECT_TRUE(must(store().sessions().list_open()).empty());
}

}  // namespace
}  // namespace hotspot::storage::testing
