// hotspotctl must work on the same books while hotspotd has them open and is writing.
#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "core/clock.h"
#include "core/log.h"
#include "storage/plans.h"
#include "storage/sales.h"
#include "storage/store.h"

namespace hotspot::cli::testing {
namespace {

TEST_F(CliTest, WorksWhileAnotherProcessWritesTheBooks) {
  init_books();
  SystemClock clock;
  NullLogger log;
  auto daemon_store = storage::Store::open({data_dir_, false}, clock, log);
  ASSERT_TRUE(daemon_store.ok()) << daemon_store.error().message;
  auto plan = (*daemon_store)->plans().find_by_name("Daily");
  ASSERT_TRUE(plan.ok());

  std::atomic<bool> stop{false};
  std::atomic<int> sold{0};
  std::thread seller([&] {
    while (!stop) {
      auto sale = (*daemon_store)->sales().sell(plan->id, storage::SaleChannel::mpesa,
                                                std::nullopt, "daemon");
      if (sale.ok()) ++sold;
    }
  });
  for (int i = 0; i < 5; ++i) {
    run_ok({"voucher", "generate", "--plan", "Daily", "--count", "50"});
  }
  stop = true;
  seller.join();

  auto status = nlohmann::json::parse(run_ok({"status", "--json"}).out);
  EXPECT_EQ(status["counts"]["voucher_batches"], 5);
  EXPECT_EQ(status["counts"]["sales"], sold.load());
  EXPECT_GT(sold.load(), 0);
  EXPECT_TRUE(nlohmann::json::parse(run_ok({"db", "check", "--json"}).out)["ok"]);
}

}  // namespace
}  // namespace hotspot::cli::testing
