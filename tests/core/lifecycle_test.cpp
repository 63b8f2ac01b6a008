#include "core/lifecycle.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace hotspot {
namespace {

using std::chrono::milliseconds;

constexpr std::uint64_t kMiB = 1024 * 1024;
const WallTime kStart = from_unix_seconds(1'767'225'600);  // first login in most rows

constexpr std::int64_t kWallClock = 1;    // 1 hour from first login
constexpr std::int64_t kConnected = 2;    // 1 hour online
constexpr std::int64_t kDataOnly = 3;     // 100 MiB
constexpr std::int64_t kWallAndData = 4;  // 1 hour from first login or 100 MiB
constexpr std::int64_t kConnAndData = 5;  // 1 hour online or 100 MiB

Plan make_plan(std::int64_t id, std::optional<Seconds> time, std::optional<std::uint64_t> bytes,
               ValidityMode validity = ValidityMode::wall_clock) {
  Plan p;
  p.id = id;
  p.name = "plan " + std::to_string(id);
  p.price = Kes{50};
  p.time_allowance = time;
  p.data_allowance_bytes = bytes;
  p.validity = validity;
  return p;
}

std::vector<Plan> all_plans() {
  return {
      make_plan(kWallClock, Seconds(3'600), std::nullopt),
      make_plan(kConnected, Seconds(3'600), std::nullopt, ValidityMode::connected_time),
      make_plan(kDataOnly, std::nullopt, 100 * kMiB),
      make_plan(kWallAndData, Seconds(3'600), 100 * kMiB),
      make_plan(kConnAndData, Seconds(3'600), 100 * kMiB, ValidityMode::connected_time),
  };
}

const Plan& plan_with_id(const std::vector<Plan>& plans, std::int64_t id) {
  for (const Plan& p : plans) {
    if (p.id == id) return p;
  }
  throw std::logic_error("no plan " + std::to_string(id));
}

// An active ticket that first logged in at kStart.
Ticket active(std::int64_t plan_id, std::int64_t used_seconds = 0, std::uint64_t used_bytes = 0) {
  Ticket t;
  t.id = 100 + plan_id;
  t.code = "ABCD-EFGH";
  t.plan_id = plan_id;
  t.state = TicketState::active;
  t.issued_at = kStart - std::chrono::hours(24);
  t.first_login_at = kStart;
  t.used_seconds = used_seconds;
  t.used_bytes = used_bytes;
  return t;
}

// Active in the books, but the first login was never recorded: nothing to count from.
Ticket active_unstarted(std::int64_t plan_id) {
  Ticket t = active(plan_id);
  t.first_login_at.reset();
  return t;
}

Ticket issued(std::int64_t plan_id) {
  Ticket t = active(plan_id);
  t.state = TicketState::issued;
  t.first_login_at.reset();
  return t;
}

SweepTime at(std::chrono::nanoseconds since_start, bool trusted = true) {
  return {kStart + std::chrono::duration_cast<WallTime::duration>(since_start), trusted};
}

struct AllowanceCase {
  const char* name;
  std::int64_t plan_id;
  Ticket ticket;
  SweepTime time;
  std::optional<Seconds> time_left;
  std::optional<std::uint64_t> bytes_left;
  std::optional<WallTime> ends_at;
};

TEST(RemainingAllowance, Table) {
  const WallTime ends = kStart + Seconds(3'600);
  const AllowanceCase cases[] = {
      {"wall: issued has it all", kWallClock, issued(kWallClock), at(Seconds(99'999)),
       Seconds(3'600), std::nullopt, std::nullopt},
      {"wall: at first login", kWallClock, active(kWallClock), at(Seconds(0)), Seconds(3'600),
       std::nullopt, ends},
      {"wall: runs while offline", kWallClock, active(kWallClock, /*used_seconds=*/5),
       at(Seconds(600)), Seconds(3'000), std::nullopt, ends},
      {"wall: one second before", kWallClock, active(kWallClock), at(Seconds(3'599)), Seconds(1),
       std::nullopt, ends},
      {"wall: part second rounds up", kWallClock, active(kWallClock),
       at(Seconds(3'599) + milliseconds(500)), Seconds(1), std::nullopt, ends},
      {"wall: exactly at allowance", kWallClock, active(kWallClock), at(Seconds(3'600)), Seconds(0),
       std::nullopt, ends},
      {"wall: long past", kWallClock, active(kWallClock), at(Seconds(86'400)), Seconds(0),
       std::nullopt, ends},
      {"wall: clock went back", kWallClock, active(kWallClock), at(-Seconds(86'400 * 365)),
       Seconds(3'600), std::nullopt, ends},
      {"wall: untrusted, clock went back", kWallClock, active(kWallClock),
       at(-Seconds(86'400 * 365), false), Seconds(3'600), std::nullopt, ends},
      {"wall: untrusted, past", kWallClock, active(kWallClock), at(Seconds(7'200), false),
       Seconds(0), std::nullopt, ends},
      {"connected: nothing used", kConnected, active(kConnected), at(Seconds(86'400)),
       Seconds(3'600), std::nullopt, std::nullopt},
      {"connected: part used", kConnected, active(kConnected, 1'200), at(Seconds(86'400)),
       Seconds(2'400), std::nullopt, std::nullopt},
      {"connected: over used", kConnected, active(kConnected, 9'000), at(Seconds(0)), Seconds(0),
       std::nullopt, std::nullopt},
      {"connected: negative use adds nothing", kConnected, active(kConnected, -50), at(Seconds(0)),
       Seconds(3'600), std::nullopt, std::nullopt},
      {"data: part used", kDataOnly, active(kDataOnly, 0, 40 * kMiB), at(Seconds(0)), std::nullopt,
       60 * kMiB, std::nullopt},
      {"data: over used", kDataOnly, active(kDataOnly, 0, 101 * kMiB), at(Seconds(0)), std::nullopt,
       0, std::nullopt},
      {"wall+data", kWallAndData, active(kWallAndData, 0, kMiB), at(Seconds(60)), Seconds(3'540),
       99 * kMiB, ends},
      {"connected+data", kConnAndData, active(kConnAndData, 60, kMiB), at(Seconds(60)),
       Seconds(3'540), 99 * kMiB, std::nullopt},
  };
  const std::vector<Plan> plans = all_plans();
  for (const AllowanceCase& c : cases) {
    Allowance got = remaining_allowance(plan_with_id(plans, c.plan_id), c.ticket, c.time);
    EXPECT_EQ(got.time_left, c.time_left) << c.name;
    EXPECT_EQ(got.bytes_left, c.bytes_left) << c.name;
    EXPECT_EQ(got.ends_at, c.ends_at) << c.name;
  }
}

struct SweepCase {
  const char* name;
  Ticket ticket;
  SweepTime time;
  std::optional<TicketEvent> event;  // nullopt: the ticket does not end
  const char* reason;
};

TEST(ExpirySweep, OneTicketTable) {
  auto with_state = [](Ticket t, TicketState s) {
    t.state = s;
    return t;
  };
  auto with_plan = [](Ticket t, std::int64_t plan_id) {
    t.plan_id = plan_id;
    return t;
  };
  const auto expire = TicketEvent::expire;
  const auto exhaust = TicketEvent::exhaust;
  const char* wall_reason = "valid for 1h from first login";
  const SweepCase cases[] = {
      // Wall-clock time.
      {"wall: one second before", active(kWallClock), at(Seconds(3'599)), std::nullopt, ""},
      {"wall: a hair before", active(kWallClock), at(Seconds(3'600) - milliseconds(1)),
       std::nullopt, ""},
      {"wall: exactly at allowance", active(kWallClock), at(Seconds(3'600)), expire, wall_reason},
      {"wall: long past", active(kWallClock), at(Seconds(86'400)), expire, wall_reason},
      {"wall: clock went back", active(kWallClock), at(-Seconds(86'400)), std::nullopt, ""},
      {"wall: untrusted", active(kWallClock), at(Seconds(86'400), false), std::nullopt, ""},
      {"wall: no first login recorded", active_unstarted(kWallClock), at(Seconds(86'400)),
       std::nullopt, ""},
      // Connected time: counted use, so it ends even on an untrusted clock.
      {"connected: one second before", active(kConnected, 3'599), at(Seconds(86'400)), std::nullopt,
       ""},
      {"connected: exactly used", active(kConnected, 3'600), at(Seconds(0)), expire,
       "time allowance used"},
      {"connected: untrusted", active(kConnected, 4'000), at(-Seconds(86'400), false), expire,
       "time allowance used"},
      // Data.
      {"data: one byte left", active(kDataOnly, 0, 100 * kMiB - 1), at(Seconds(0)), std::nullopt,
       ""},
      {"data: exactly used", active(kDataOnly, 0, 100 * kMiB), at(Seconds(0)), exhaust,
       "data allowance used"},
      {"data: untrusted", active(kDataOnly, 0, 200 * kMiB), at(Seconds(0), false), exhaust,
       "data allowance used"},
      // Time and data.
      {"wall+data: neither", active(kWallAndData, 0, kMiB), at(Seconds(3'599)), std::nullopt, ""},
      {"wall+data: time only", active(kWallAndData, 0, kMiB), at(Seconds(3'600)), expire,
       wall_reason},
      {"wall+data: data only", active(kWallAndData, 0, 100 * kMiB), at(Seconds(60)), exhaust,
       "data allowance used"},
      {"wall+data: both, exhaust wins", active(kWallAndData, 0, 100 * kMiB), at(Seconds(3'600)),
       exhaust, "data allowance used"},
      {"wall+data: untrusted, data used", active(kWallAndData, 0, 100 * kMiB),
       at(Seconds(7'200), false), exhaust, "data allowance used"},
      {"wall+data: untrusted, time passed", active(kWallAndData, 0, kMiB),
       at(Seconds(7'200), false), std::nullopt, ""},
      {"connected+data: both, exhaust wins", active(kConnAndData, 3'600, 100 * kMiB),
       at(Seconds(0)), exhaust, "data allowance used"},
      {"connected+data: time", active(kConnAndData, 3'600, kMiB), at(Seconds(0)), expire,
       "time allowance used"},
      // Skipped.
      {"issued is skipped", issued(kDataOnly), at(Seconds(86'400)), std::nullopt, ""},
      {"expired is skipped", with_state(active(kConnected, 9'999), TicketState::expired),
       at(Seconds(86'400)), std::nullopt, ""},
      {"exhausted is skipped", with_state(active(kDataOnly, 0, 200 * kMiB), TicketState::exhausted),
       at(Seconds(0)), std::nullopt, ""},
      {"revoked is skipped", with_state(active(kWallClock), TicketState::revoked),
       at(Seconds(86'400)), std::nullopt, ""},
      {"unknown plan is skipped", with_plan(active(kConnected, 9'999), 42), at(Seconds(0)),
       std::nullopt, ""},
  };
  const std::vector<Plan> plans = all_plans();
  for (const SweepCase& c : cases) {
    auto endings = expiry_sweep(plans, {c.ticket}, c.time);
    if (!c.event) {
      EXPECT_TRUE(endings.empty()) << c.name << ": " << endings.front().reason;
      continue;
    }
    ASSERT_EQ(endings.size(), 1u) << c.name;
    EXPECT_EQ(endings[0].ticket_id, c.ticket.id) << c.name;
    EXPECT_EQ(endings[0].event, *c.event) << c.name;
    EXPECT_EQ(endings[0].reason, c.reason) << c.name;
  }
}

TEST(ExpirySweep, KeepsTheOrderGivenAndSkipsTheRest) {
  std::vector<Ticket> tickets = {
      active(kDataOnly, 0, 100 * kMiB),  // exhausted
      active(kWallClock),                // still valid at 30 minutes
      active(kConnected, 3'600),         // expired
      issued(kConnected),
      active(kConnAndData, 3'600, 0),  // expired
  };
  tickets[0].id = 7;
  tickets[2].id = 3;
  tickets[4].id = 5;
  auto endings = expiry_sweep(all_plans(), tickets, at(Seconds(1'800)));
  ASSERT_EQ(endings.size(), 3u);
  EXPECT_EQ(endings[0].ticket_id, 7);
  EXPECT_EQ(endings[0].event, TicketEvent::exhaust);
  EXPECT_EQ(endings[1].ticket_id, 3);
  EXPECT_EQ(endings[1].event, TicketEvent::expire);
  EXPECT_EQ(endings[2].ticket_id, 5);
}

TEST(ExpirySweep, NothingToSweep) {
  EXPECT_TRUE(expiry_sweep({}, {active(kConnected, 9'999)}, at(Seconds(0))).empty());
  EXPECT_TRUE(expiry_sweep(all_plans(), {}, at(Seconds(0))).empty());
}

TEST(ExpirySweep, ReasonNamesTheAllowance) {
  std::vector<Plan> plans = {make_plan(9, Seconds(86'400 + 1'800), std::nullopt)};
  Ticket t = active(9);
  auto endings = expiry_sweep(plans, {t}, at(Seconds(86'400 * 2)));
  ASSERT_EQ(endings.size(), 1u);
  EXPECT_EQ(endings[0].reason, "valid for 1d30m from first login");
}

}  // namespace
}  // namespace hotspot
