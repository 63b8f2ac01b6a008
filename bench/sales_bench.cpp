// Durable sales per second: the books' group-commit writer with 8 concurrent sellers, against
// raw SQLite doing one INSERT and one COMMIT per sale at the same durability (WAL,
// synchronous=FULL), with 8 concurrent writers and with one, measured in the same run.
//
//   bench/run  (or: build/release/bench/sales_bench [seconds-per-case [rounds]])

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "core/clock.h"
#include "core/log.h"
#include "storage/plans.h"
#include "storage/sales.h"
#include "storage/store.h"
#include "storage/writer.h"

namespace hotspot::bench {
namespace {

constexpr int kWriters = 8;

// Runs `sell_one` from `threads` threads for `seconds`; returns completed sales per second.
template <class SellOne>
double sales_per_second(int threads, double seconds, SellOne sell_one) {
  std::atomic<bool> stop{false};
  std::atomic<long> done{0};
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      long mine = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        sell_one(t);
        ++mine;
      }
      done += mine;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  return static_cast<double>(done.load()) / seconds_since(start);
}

// Each writer keeps a number of sales in flight, handing over a new one as soon as one is
// durable, as an event loop serving many customers does; a sale is counted only once durable.
// 64 each fill the writer's largest batch (8 x 64 = Writer::kMaxBatch), which is what the
// group commit can do at most; 32 each show how it fares at half that load.
constexpr int kInFlightFull = 64;
constexpr int kInFlightHalf = 32;
static_assert(kWriters * kInFlightFull == static_cast<int>(storage::Writer::kMaxBatch));

// One writer's sales in flight: a slot is taken before a sale is handed over and given back by
// its durable-commit callback.
class Window {
 public:
  explicit Window(int size) : size_(size), free_(size) {}
  void take() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  void give_back() {
    std::lock_guard lock(mu_);
    ++free_;
    cv_.notify_one();
  }
  // Waits until every sale handed over is durable.
  void drain() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return free_ == size_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  const int size_;
  int free_;
};

struct Books {
  ScratchDir dir{"hotspot-bench-books"};
  SystemClock clock;
  NullLogger log;
  std::unique_ptr<storage::Store> store;
  std::int64_t plan_id = 0;

  Books() {
    auto opened = storage::Store::open({dir.path() / "data", true}, clock, log);
    if (!opened) fail(opened.error().message);
    store = std::move(*opened);
    Plan plan;
    plan.name = "Daily";
    plan.price = Kes{50};
    plan.time_allowance = Seconds(86400);
    auto added = store->plans().add(plan, "bench");
    if (!added) fail(added.error().message);
    plan_id = added->id;
  }
  ~Books() {
    auto check = store->check();
    if (!check || !check->ok) fail("the books do not check out after the run");
  }
};

double books_blocking_rate(double seconds) {
  Books books;
  return sales_per_second(kWriters, seconds, [&](int) {
    auto sale = books.store->sales().sell(books.plan_id, storage::SaleChannel::mpesa, std::nullopt, "bench");
    if (!sale) fail(sale.error().message);
  });
}

double books_pipelined_rate(double seconds, int in_flight) {
  Books books;
  std::vector<std::unique_ptr<Window>> windows;
  for (int t = 0; t < kWriters; ++t) windows.push_back(std::make_unique<Window>(in_flight));
  std::atomic<long> durable{0};
  const auto start = std::chrono::steady_clock::now();
  sales_per_second(kWriters, seconds, [&](int t) {
    Window& window = *windows[t];
    window.take();
    books.store->sales().sell_async(books.plan_id, storage::SaleChannel::mpesa, std::nullopt,
                                    "bench", [&](hotspot::Result<storage::SaleReceipt> sale) {
                                      if (!sale) fail(sale.error().message);
                                      ++durable;
                                      window.give_back();
                                    });
  });
  for (auto& window : windows) window->drain();
  return static_cast<double>(durable.load()) / seconds_since(start);
}

sqlite3* open_raw(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) fail("cannot open raw database");
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;",
               nullptr, nullptr, nullptr);
  return db;
}

double raw_rate(int threads, double seconds) {
  ScratchDir dir("hotspot-bench-raw");
  const auto path = dir.path() / "raw.db";
  sqlite3* setup = open_raw(path);
  sqlite3_exec(setup,
               "CREATE TABLE sales (id INTEGER PRIMARY KEY, ticket TEXT NOT NULL, plan_id INTEGER "
               "NOT NULL, amount_kes INTEGER NOT NULL, channel TEXT NOT NULL, sold_at INTEGER NOT NULL)",
               nullptr, nullptr, nullptr);
  std::vector<sqlite3*> conns;
  std::vector<sqlite3_stmt*> inserts;
  for (int t = 0; t < threads; ++t) {
    conns.push_back(open_raw(path));
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(conns.back(),
                       "INSERT INTO sales (ticket, plan_id, amount_kes, channel, sold_at) "
                       "VALUES ('ABCD2345', 1, 50, 'mpesa', strftime('%s','now'))",
                       -1, &stmt, nullptr);
    inserts.push_back(stmt);
  }
  const double rate = sales_per_second(threads, seconds, [&](int t) {
    // One sale, one transaction, one fsync: what a naive ledger does.
    if (sqlite3_exec(conns[t], "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_step(inserts[t]) != SQLITE_DONE ||
        sqlite3_exec(conns[t], "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      fail(std::string("raw insert: ") + sqlite3_errmsg(conns[t]));
    }
    sqlite3_reset(inserts[t]);
  });
  for (int t = 0; t < threads; ++t) {
    sqlite3_finalize(inserts[t]);
    sqlite3_close(conns[t]);
  }
  sqlite3_close(setup);
  return rate;
}

}  // namespace
}  // namespace hotspot::bench

int main(int argc, char** argv) {
  using namespace hotspot::bench;
  // fsync's cost on a shared disk drifts by an order of magnitude within minutes, so the cases
  // take turns in short rounds and each figure is the mean over all rounds.
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  double raw8 = 0, raw1 = 0, blocking = 0, full = 0, half = 0;
  for (int r = 0; r < rounds; ++r) {
    raw8 += raw_rate(kWriters, seconds) / rounds;
    full += books_pipelined_rate(seconds, kInFlightFull) / rounds;
    raw1 += raw_rate(1, seconds) / rounds;
    half += books_pipelined_rate(seconds, kInFlightHalf) / rounds;
    blocking += books_blocking_rate(seconds) / rounds;
  }
  std::printf("durable sales/s, raw SQLite, 8 writers, 1 commit per sale:           %9.0f\n", raw8);
  std::printf("durable sales/s, raw SQLite, 1 writer,  1 commit per sale:           %9.0f\n", raw1);
  std::printf("durable sales/s, the books, 8 writers waiting on each sale:          %9.0f\n", blocking);
  std::printf("durable sales/s, the books, 8 writers, %d sales in flight each:      %9.0f\n",
              kInFlightHalf, half);
  std::printf("durable sales/s, the books, 8 writers, %d sales in flight each:      %9.0f\n",
              kInFlightFull, full);
  std::printf("ratio books / raw, 8 writers (%d in flight each, full batches): %.1fx (target >= 10x)\n",
              kInFlightFull, full / raw8);
  std::printf("ratio books / raw, 8 writers (%d in flight each):               %.1fx\n",
              kInFlightHalf, half / raw8);
  std::printf("ratio books / raw, 8 writers (waiting on each):                %.1fx (8 sales per commit at most)\n",
              blocking / raw8);
  return full / raw8 >= 10.0 ? 0 : 2;
}
