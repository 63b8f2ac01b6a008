// The audit log is append-only and hash-chained: SQL cannot edit it while the triggers stand, and
// an attacker who drops them and edits or deletes rows is caught by check(). Also backup and
// check, which read the whole books.

#include <atomic>
#include <thread>

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

class AuditTest : public StoreTest {
 protected:
  // Five audited changes, then the books are closed as if the appliance were off.
  void SetUp() override {
    Plan plan = add_plan("Daily", 100);
    for (int i = 0; i < 3; ++i)
      must(store().sales().sell(plan.id, SaleChannel::cash, std::nullopt, "t"));
    must(store().settings().set("provider.name", "Kibera Net", "cli"));
    close_store();
  }

  // What an attacker with shell access does: remove the guards, then edit.
  void tamper(const std::string& sql) {
    sql_exec(db_path(),
             "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql);
  }

  CheckReport check() { return must(store().check(), "check"); }
};

TEST_F(AuditTest, AnIntactChainVerifies) {
  CheckReport report = check();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.integrity, "ok");
  EXPECT_EQ(report.audit_entries, 5);
  EXPECT_EQ(report.audit_first_bad_id, 0);
  auto verdict = must(store().audit().verify());
  EXPECT_EQ(verdict.entries, 5);
  EXPECT_EQ(verdict.first_bad_id, 0);
  auto recent = must(store().audit().recent(10));
  ASSERT_EQ(recent.size(), 5u);
  EXPECT_EQ(recent.front().action, "setting.changed");  // newest first
  EXPECT_EQ(recent.back().action, "plan.added");
}

TEST_F(AuditTest, SqlCannotEditOrDeleteWhileTheTriggersStand) {
  auto db = raw_connection(db_path());
  auto update = db.exec("UPDATE audit_log SET details = '{}' WHERE id = 2");
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos);
  auto remove = db.exec("DELETE FROM audit_log WHERE id = 2");
  ASSERT_FALSE(remove);
  EXPECT_NE(remove.error().message.find("append-only"), std::string::npos);
  EXPECT_EQ(must(db.query_int("SELECT count(*) FROM audit_log")), 5);
  EXPECT_TRUE(check().ok);
}

TEST_F(AuditTest, AnEditedRowIsFound) {
  tamper("UPDATE audit_log SET details = replace(details, '100', '10') WHERE id = 3");
  CheckReport report = check();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.audit_first_bad_id, 3);
  EXPECT_NE(report.audit_problem.find("altered"), std::string::npos);
  EXPECT_EQ(report.integrity, "ok");  // the file itself is sound; the books are not
}

TEST_F(AuditTest, AnEditedActorOrTimeIsFound) {
  tamper("UPDATE audit_log SET actor = 'someone-else' WHERE id = 4");
  EXPECT_EQ(check().audit_first_bad_id, 4);
}

TEST_F(AuditTest, NewestRowsCutOffTheEndAreFound) {
  // Every remaining link is intact; only the signed record of the newest entry tells.
  tamper("DELETE FROM audit_log WHERE id >= 4");
  CheckReport report = check();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.audit_first_bad_id, 4);
  EXPECT_NE(report.audit_problem.find("removed"), std::string::npos) << report.audit_problem;
}

TEST_F(AuditTest, AForgedRecordOfTheNewestEntryIsFound) {
  tamper("DELETE FROM audit_log WHERE id >= 4; "
         "UPDATE audit_head SET last_id = 3, last_hash = (SELECT hash FROM audit_log WHERE id = 3)");
  CheckReport report = check();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.audit_problem.find("altered"), std::string::npos) << report.audit_problem;
}

TEST_F(AuditTest, RemovedTriggersAreReportedEvenWithNoEdit) {
  tamper("SELECT 1");
  CheckReport report = check();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.audit_problem.find("triggers"), std::string::npos) << report.audit_problem;
}

TEST_F(AuditTest, ADeletedRowIsFound) {
  tamper("DELETE FROM audit_log WHERE id = 2");
  CheckReport report = check();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.audit_first_bad_id, 3);  // where the chain breaks
  EXPECT_NE(report.audit_problem.find("entry 2 is missing"), std::string::npos);
}

TEST_F(AuditTest, ARowRewrittenWithItsNeighboursHashIsFound) {
  // Copying a valid hash does not help without the key.
  tamper(
      "UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE id = 1), "
      "details = '{}' WHERE id = 2");
  EXPECT_EQ(check().audit_first_bad_id, 2);
}

TEST_F(AuditTest, BackupOpensWithTheSameCounts) {
  const StoreCounts original = counts();
  TempDir elsewhere;
  const fs::path copy_dir = elsewhere.path() / "restored";
  fs::create_directories(copy_dir);
  must(store().backup_to(database_path(copy_dir)), "backup");
  EXPECT_EQ(file_mode(database_path(copy_dir)), 0600u);
  fs::copy_file(key_path(data_dir()), key_path(copy_dir));

  auto restored = Store::open(StoreOptions{copy_dir, false}, clock_, log_);
  ASSERT_TRUE(restored) << restored.error().message;
  const StoreCounts copy = must((*restored)->counts());
  EXPECT_EQ(copy.plans, original.plans);
  EXPECT_EQ(copy.sales, original.sales);
  EXPECT_EQ(copy.revenue_kes, original.revenue_kes);
  EXPECT_EQ(copy.tickets_issued, original.tickets_issued);
  EXPECT_EQ(copy.audit_entries, original.audit_entries);
  EXPECT_EQ(copy.outbox_pending, original.outbox_pending);
  CheckReport report = must((*restored)->check());
  EXPECT_TRUE(report.ok) << report.audit_problem;
}

TEST_F(AuditTest, BackupNeverOverwrites) {
  TempDir elsewhere;
  const fs::path target = elsewhere.path() / "backup.db";
  write_file(target, "precious");
  auto refused = store().backup_to(target);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::already_exists);
  EXPECT_EQ(read_file(target), "precious");
  auto nowhere = store().backup_to(elsewhere.path() / "missing-dir" / "backup.db");
  ASSERT_FALSE(nowhere);
  EXPECT_FALSE(fs::exists(elsewhere.path() / "missing-dir"));
}

TEST_F(AuditTest, BackupWhileOthersWrite) {
  const std::int64_t plan_id = must(store().plans().find_by_name("daily")).id;
  std::atomic<int> failures = 0;
  std::thread seller([&] {
    for (int i = 0; i < 30; ++i) {
      if (!store().sales().sell(plan_id, SaleChannel::cash, std::nullopt, "t")) ++failures;
    }
  });
  TempDir elsewhere;
  must(store().backup_to(elsewhere.path() / "hot.db"), "backup");
  seller.join();
  EXPECT_EQ(failures, 0);
  fs::create_directories(elsewhere.path() / "data");
  fs::rename(elsewhere.path() / "hot.db", database_path(elsewhere.path() / "data"));
  fs::copy_file(key_path(data_dir()), key_path(elsewhere.path() / "data"));
  auto restored = Store::open(StoreOptions{elsewhere.path() / "data", false}, clock_, log_);
  ASSERT_TRUE(restored) << restored.error().message;
  CheckReport report = must((*restored)->check());
  EXPECT_TRUE(report.ok) << report.audit_problem;
  const StoreCounts copy = must((*restored)->counts());
  EXPECT_GE(copy.sales, 3);
  EXPECT_EQ(copy.audit_entries, copy.sales + 2);  // a consistent snapshot
}

}  // namespace
}  // namespace hotspot::storage::testing
