// Group commit: many threads writing at once all succeed, share commits, keep the audit chain and
// the outbox in one order, and a failing write rolls back alone.

#include <atomic>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "storage/context.h"
#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

constexpr int kThreads = 8;
constexpr int kSalesPerThread = 25;

class WriterTest : public StoreTest {
 protected:
  // Holds the writer thread inside a job until release(), so that the writes issued meanwhile
  // queue up and go into the next transaction together.
  class Gate {
   public:
    explicit Gate(Store& store) {
      held_ = std::async(std::launch::async, [this, &store] {
        return store.context().writer->write([this](Connection&) -> Status {
          entered_.set_value();
          open_.get_future().wait();
          return {};
        });
      });
      entered_.get_future().wait();
    }
    void release() {
      open_.set_value();
      EXPECT_TRUE(held_.get());
    }

   private:
    std::promise<void> entered_;
    std::promise<void> open_;
    std::future<Status> held_;
  };
};

TEST_F(WriterTest, ConcurrentSalesAllCommitInOneOrder) {
  const std::int64_t plan_id = add_plan().id;
  std::vector<std::vector<std::int64_t>> ids(kThreads);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSalesPerThread; ++i) {
        auto sold = store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "thread");
        if (!sold) {
          ++failures;
          continue;
        }
        ids[static_cast<std::size_t>(t)].push_back(sold->sale.id);
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures, 0);
  std::set<std::int64_t> unique;
  for (const auto& per_thread : ids) unique.insert(per_thread.begin(), per_thread.end());
  constexpr int kTotal = kThreads * kSalesPerThread;
  EXPECT_EQ(unique.size(), std::size_t{kTotal});
  StoreCounts c = counts();
  EXPECT_EQ(c.sales, kTotal);
  EXPECT_EQ(c.tickets_issued, kTotal);
  EXPECT_EQ(c.revenue_kes, 50 * kTotal);
  EXPECT_EQ(c.audit_entries, kTotal + 1);

  auto report = must(store().check());
  EXPECT_TRUE(report.ok) << report.audit_problem;
  EXPECT_EQ(report.audit_entries, kTotal + 1);

  // One outbox entry per change, in commit order: the plan, then every sale by increasing id.
  auto outbox = must(store().outbox().pending(10'000));
  ASSERT_EQ(outbox.size(), std::size_t{kTotal + 1});
  EXPECT_EQ(outbox[0].topic, "plan.added");
  std::int64_t last_sale = 0;
  for (std::size_t i = 1; i < outbox.size(); ++i) {
    EXPECT_GT(outbox[i].seq, outbox[i - 1].seq);
    ASSERT_EQ(outbox[i].topic, "sale.recorded");
    const auto sale_id =
        nlohmann::json::parse(outbox[i].payload)["details"]["sale_id"].get<std::int64_t>();
    EXPECT_GT(sale_id, last_sale);
    EXPECT_TRUE(unique.count(sale_id));
    last_sale = sale_id;
  }
}

TEST_F(WriterTest, WritesThatQueueTogetherShareOneCommit) {
  const std::int64_t plan_id = add_plan().id;
  count_commits();
  Gate gate(store());
  std::vector<std::future<bool>> sales;
  for (int t = 0; t < kThreads; ++t) {
    sales.push_back(std::async(std::launch::async, [&] {
      return store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "t").ok();
    }));
  }
  // Grace for the threads to queue behind the gate; not a timing assertion.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  gate.release();
  for (auto& s : sales) EXPECT_TRUE(s.get());
  EXPECT_EQ(counts().sales, kThreads);
  EXPECT_LT(commits_.load(), kThreads + 1) << "every sale paid its own commit";
}

TEST_F(WriterTest, AFailingWriteRollsBackAloneInItsBatch) {
  const std::int64_t plan_id = add_plan("daily", 100).id;
  Gate gate(store());
  std::vector<std::future<bool>> sales;
  for (int t = 0; t < 6; ++t) {
    sales.push_back(std::async(std::launch::async, [&] {
      return store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "t").ok();
    }));
  }
  auto duplicate = std::async(std::launch::async,
                              [&] { return store().plans().add(sample_plan("DAILY", 20), "t"); });
  // A write that changes the books, records the change in the audit chain, and then fails: none
  // of it may remain, and the sales after it must chain onto the entry before it.
  auto half_done = std::async(std::launch::async, [&] {
    return store().context().writer->write([&](Connection& db) -> Status {
      must(db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('half', 'done', 0)"));
      must(record_change(db, store().context(), {"t", "setting.changed", "setting:half"}));
      return make_error(Errc::io, "failed half-way");
    });
  });
  for (int t = 0; t < 3; ++t) {
    sales.push_back(std::async(std::launch::async, [&] {
      return store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "t").ok();
    }));
  }
  auto throwing = std::async(std::launch::async, [&] {
    return store().context().writer->write([](Connection& db) -> Status {
      must(db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('thrown', 'x', 0)"));
      throw std::runtime_error("boom");
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  gate.release();

  for (auto& s : sales) EXPECT_TRUE(s.get());
  auto dup = duplicate.get();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::already_exists);
  auto failed = half_done.get();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "failed half-way");
  auto thrown = throwing.get();
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, Errc::internal);

  StoreCounts c = counts();
  EXPECT_EQ(c.plans, 1);
  EXPECT_EQ(c.sales, 9);
  EXPECT_EQ(c.audit_entries, 10);
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM settings"), 0);
  EXPECT_EQ(must(store().outbox().pending_count()), 10);
  EXPECT_TRUE(must(store().check()).ok);
}

// A full disk (here: max_page_count) makes SQLite roll back the whole transaction, not just the
// failing statement. Whatever each writer is told must then match what the books hold: nothing
// reported failed may be in the books, nothing reported done may be missing.
TEST_F(WriterTest, AFullDiskInTheMiddleOfABatchLeavesNoWriterMisinformed) {
  store();
  Gate gate(store());
  auto insert = [&](std::string key) {
    return std::async(std::launch::async, [&, key] {
      return store().context().writer->write([key](Connection& db) -> Status {
        auto stmt = db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 0)");
        if (!stmt) return stmt.error();
        stmt->bind(1, std::string_view(key));
        return stmt->run();
      });
    });
  };
  auto before = insert("before");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto full = std::async(std::launch::async, [&] {
    return store().context().writer->write([](Connection& db) -> Status {
      auto pages = db.query_int("PRAGMA page_count");
      if (!pages) return pages.error();
      must(db.exec("PRAGMA max_page_count = " + std::to_string(*pages)));
      Status s = db.exec(
          "INSERT INTO payment_events (kind, payload, received_at) "
          "VALUES ('big', hex(randomblob(200000)), 0)");
      must(db.exec("PRAGMA max_page_count = 1073741823"));
      return s;
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto after = insert("after");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  gate.release();

  const bool before_ok = before.get().ok();
  auto full_result = full.get();
  const bool after_ok = after.get().ok();
  EXPECT_FALSE(full_result);
  auto stored = [&](const char* key) {
    return sql_int(db_path(), std::string("SELECT count(*) FROM settings WHERE key = '") + key + "'");
  };
  EXPECT_EQ(stored("before"), before_ok ? 1 : 0) << "told " << (before_ok ? "done" : "failed");
  EXPECT_EQ(stored("after"), after_ok ? 1 : 0) << "told " << (after_ok ? "done" : "failed");
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM payment_events"), 0);
  // And the writer carries on.
  Plan plan = add_plan();
  EXPECT_TRUE(store().sales().sell(plan.id, SaleChannel::cash, std::nullopt, "t"));
  EXPECT_TRUE(must(store().check()).ok);
}

TEST_F(WriterTest, CommitsAreCountedOnlyOnceVisible) {
  const std::uint64_t before = store().commits();
  std::atomic<std::uint64_t> seen_inside{0};
  ASSERT_TRUE(store().context().writer->write([&](Connection& db) -> Status {
    seen_inside = store().commits();  // not yet: the transaction is still open
    return db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 0)");
  }));
  EXPECT_EQ(seen_inside.load(), before);
  EXPECT_EQ(store().commits(), before + 1);

  // A write that fails commits nothing, and counts nothing.
  EXPECT_FALSE(store().context().writer->write(
      [](Connection&) -> Status { return make_error(Errc::io, "refused"); }));
  EXPECT_EQ(store().commits(), before + 1);
}

TEST_F(WriterTest, WritesAfterCloseAreRefused) {
  const std::int64_t plan_id = add_plan().id;
  store().close();
  store().close();
  auto sold = store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "t");
  ASSERT_FALSE(sold);
  EXPECT_EQ(sold.error().code, Errc::unavailable);
}

}  // namespace
}  // namespace hotspot::storage::testing

namespace hotspot::storage::testing {
namespace {

// The writer's commits only append to the WAL; the checkpointer thread copies pages into the
// database file while the books stay open.
TEST_F(WriterTest, TheCheckpointerMovesTheWalIntoTheDatabaseWhileOpen) {
  Plan plan = add_plan("Daily", 50);
  const auto before = fs::file_size(db_path());
  std::vector<Ticket> tickets;
  must(store().tickets().create_batch({plan.id, 20000, 8, ""}, "t", tickets));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (fs::file_size(db_path()) <= before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(fs::file_size(db_path()), before) << "nothing was checkpointed while the books were open";
  EXPECT_TRUE(must(store().check()).ok);
}

}  // namespace
}  // namespace hotspot::storage::testing
