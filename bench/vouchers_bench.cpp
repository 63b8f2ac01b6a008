// Generating 100,000 vouchers into the books (codes drawn from the CSPRNG, checked for
// uniqueness, batch row, audit and outbox, one durable transaction), against raw SQLite
// inserting the same rows into the same table in one transaction, in the same run.
//
//   bench/run  (or: build/release/bench/vouchers_bench [count])

#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench_util.h"
#include "core/clock.h"
#include "core/log.h"
#include "storage/plans.h"
#include "storage/schema.h"
#include "storage/store.h"
#include "storage/tickets.h"

namespace hotspot::bench {
namespace {

double books_seconds(std::int64_t count, std::vector<Ticket>& tickets) {
  ScratchDir dir("hotspot-bench-vouchers");
  SystemClock clock;
  NullLogger log;
  auto store = storage::Store::open({dir.path() / "data", true}, clock, log);
  if (!store) fail(store.error().message);
  Plan plan;
  plan.name = "Daily";
  plan.price = Kes{50};
  plan.time_allowance = Seconds(86400);
  auto added = (*store)->plans().add(plan, "bench");
  if (!added) fail(added.error().message);
  const auto start = std::chrono::steady_clock::now();
  auto batch = (*store)->tickets().create_batch({added->id, count, 8, "bench"}, "bench", tickets);
  const double elapsed = seconds_since(start);
  if (!batch || batch->count != count) fail("batch was not created");
  return elapsed;
}

// The same rows into the same schema, in one transaction at the same durability.
double raw_seconds(const std::vector<Ticket>& tickets) {
  ScratchDir dir("hotspot-bench-vouchers-raw");
  sqlite3* db = nullptr;
  if (sqlite3_open((dir.path() / "raw.db").c_str(), &db) != SQLITE_OK) fail("cannot open raw db");
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, std::string(hotspot::storage::migrations()[0]).c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO plans (name, price_kes, time_allowance_s, validity, upload_bps, "
                   "download_bps, shared_devices, created_at, updated_at) "
                   "VALUES ('Daily', 50, 86400, 'wall-clock', 0, 0, 1, 0, 0);"
                   "INSERT INTO voucher_batches (plan_id, count, code_length, created_by, created_at) "
                   "VALUES (1, 1, 8, 'bench', 0);",
               nullptr, nullptr, nullptr);
  const auto start = std::chrono::steady_clock::now();
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO tickets (code, plan_id, batch_id, state, issued_at) "
                         "VALUES (?, 1, 1, 'issued', ?)", -1, &insert, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (const auto& t : tickets) {
    sqlite3_bind_text(insert, 1, t.code.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 2, hotspot::to_unix_seconds(t.issued_at));
    if (sqlite3_step(insert) != SQLITE_DONE) fail(sqlite3_errmsg(db));
    sqlite3_reset(insert);
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) fail(sqlite3_errmsg(db));
  const double elapsed = seconds_since(start);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return elapsed;
}

}  // namespace
}  // namespace hotspot::bench

int main(int argc, char** argv) {
  using namespace hotspot::bench;
  const std::int64_t count = argc > 1 ? std::atoll(argv[1]) : 100'000;
  std::vector<hotspot::Ticket> tickets;
  const double books = books_seconds(count, tickets);
  const double raw = raw_seconds(tickets);
  std::printf("%lld vouchers, raw SQLite, one transaction: %8.3f s\n", static_cast<long long>(count), raw);
  std::printf("%lld vouchers, the books (generate + store): %7.3f s\n", static_cast<long long>(count), books);
  std::printf("ratio books / raw: %.2fx (target <= 2x)\n", books / raw);
  return books / raw <= 2.0 ? 0 : 2;
}
