// Opening the books: what a first start creates, what a restart keeps, and restarts that meet
// another process or the traces of a crash.

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/context.h"
#include "storage/schema.h"
#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

using OpenTest = StoreTest;

std::string query_text(Connection& db, const std::string& sql) {
  auto stmt = must(db.prepare(sql), "prepare");
  EXPECT_TRUE(must(stmt.step(), "step"));
  return stmt.column_text(0);
}

TEST_F(OpenTest, FirstOpenCreatesDirectoryKeyAndDatabase) {
  ASSERT_FALSE(fs::exists(data_dir()));
  Store& s = store();

  EXPECT_EQ(file_mode(data_dir()), 0750u);
  EXPECT_EQ(file_mode(key_path(data_dir())), 0600u);
  EXPECT_EQ(file_mode(db_path()), 0600u) << "the books are the service user's alone, whatever the umask";
  EXPECT_EQ(fs::file_size(key_path(data_dir())), 32u);
  EXPECT_EQ(s.schema_version(), latest_schema_version());
  EXPECT_TRUE(log_.contains("STORAGE_KEY_CREATED"));

  auto raw = raw_connection(db_path());
  EXPECT_EQ(query_text(raw, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(must(raw.query_int("PRAGMA user_version")), latest_schema_version());
  EXPECT_EQ(must(raw.query_int("PRAGMA application_id")), kApplicationId);
  auto report = must(s.check());
  EXPECT_TRUE(report.ok) << report.integrity << " " << report.audit_problem;
}

TEST_F(OpenTest, ReopenIsIdempotent) {
  add_plan();
  close_store();
  const std::string key = read_file(key_path(data_dir()));
  log_.clear();

  for (int i = 0; i < 2; ++i) {
    auto again = must(open(false), "reopen");
    EXPECT_EQ(again->schema_version(), latest_schema_version());
    auto c = must(again->counts());
    EXPECT_EQ(c.plans, 1);
    EXPECT_EQ(c.audit_entries, 1);
    EXPECT_TRUE(must(again->check()).ok);
  }
  EXPECT_EQ(read_file(key_path(data_dir())), key);
  EXPECT_FALSE(log_.contains("STORAGE_KEY_CREATED"));
  EXPECT_EQ(sql_int(db_path(), "PRAGMA user_version"), latest_schema_version());
}

TEST_F(OpenTest, TwoStoresOnOneFileSeeEachOthersWrites) {
  add_plan("daily", 100);
  auto second = must(open(false), "second open");
  auto plan = must(second->plans().find_by_name("daily"));
  must(second->sales().sell(plan.id, SaleChannel::cash, std::nullopt, "cli"));
  EXPECT_EQ(counts().sales, 1);
  EXPECT_TRUE(must(store().check()).ok);
}

TEST_F(OpenTest, WithoutCreateAMissingDirectoryIsNotFound) {
  auto opened = open(false);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, Errc::not_found);
  EXPECT_NE(opened.error().message.find("hotspotctl init"), std::string::npos);
  EXPECT_FALSE(fs::exists(data_dir()));
}

TEST_F(OpenTest, WithoutCreateAMissingDatabaseIsNotFound) {
  fs::create_directories(data_dir());
  auto opened = open(false);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, Errc::not_found);
  EXPECT_NE(opened.error().message.find("no database"), std::string::npos);
  EXPECT_FALSE(fs::exists(db_path()));
  EXPECT_FALSE(fs::exists(key_path(data_dir())));
}

// hotspotd and hotspotctl may start together on a fresh appliance: the second to take the write
// lock must find the schema already in place rather than run the migration again.
TEST(SchemaTest, MigrationWaitsForAnotherProcessThatIsMigrating) {
  TempDir dir;
  const fs::path path = dir.path() / "hotspot.db";
  auto first = must(Connection::open(path, Connection::Mode::read_write_create));
  {
    auto wal = must(first.prepare("PRAGMA journal_mode = WAL"));
    ASSERT_TRUE(must(wal.step()));
    ASSERT_EQ(wal.column_text(0), "wal");
  }  // finished, so the switch to WAL is on disk before the other connection looks
  must(configure_connection(first));
  auto second = must(Connection::open(path, Connection::Mode::read_write));
  must(configure_connection(second));

  must(first.exec("BEGIN IMMEDIATE"));
  must(first.exec(migrations()[0]));
  must(first.exec("PRAGMA application_id = " + std::to_string(kApplicationId) +
                  "; PRAGMA user_version = 1"));
  std::atomic<bool> started = false;
  std::optional<Result<int>> result;
  std::thread other([&] {
    started = true;
    result.emplace(migrate(second));
  });
  while (!started) std::this_thread::yield();
  // Grace for the other thread to read the old version and wait for the lock.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  must(first.exec("COMMIT"));
  other.join();

  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(*result) << result->error().message;
  EXPECT_EQ(**result, latest_schema_version());
  EXPECT_EQ(must(second.query_int("PRAGMA user_version")), latest_schema_version());
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  auto b = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i]));
  };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

// The newest image of page 1 in a WAL file.
std::string last_page_one(const std::string& wal) {
  const std::size_t page = be32(wal, 8);
  std::string found;
  for (std::size_t at = 32; at + 24 + page <= wal.size(); at += 24 + page) {
    if (be32(wal, at) == 1) found = wal.substr(at + 24, page);
  }
  return found;
}

// kill -9 (or a power cut) during a checkpoint that grows the file leaves page 1 written with
// the new page count and the pages after it not yet: the WAL still has them all. The same state
// is visible to another process while a checkpoint runs. Either way the books are whole.
TEST_F(OpenTest, OpensAfterACheckpointWasCutShort) {
  add_plan();
  close_store();
  auto writer = raw_connection(db_path());
  must(writer.exec("PRAGMA wal_autocheckpoint = 0"));
  must(
      writer.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                  "INSERT INTO settings (key, value, updated_at) SELECT 'k' || i, "
                  "hex(zeroblob(500)), 0 FROM n"));

  // The crashed appliance, as a copy taken while the writer still holds its WAL.
  TempDir crashed;
  const fs::path copy_dir = crashed.path() / "data";
  fs::create_directories(copy_dir);
  fs::copy_file(key_path(data_dir()), key_path(copy_dir));
  const std::string wal = read_file(db_path().string() + "-wal");
  std::string db = read_file(db_path());
  const std::string page_one = last_page_one(wal);
  ASSERT_FALSE(page_one.empty());
  db.replace(0, page_one.size(), page_one);
  write_file(database_path(copy_dir), db);
  write_file(database_path(copy_dir).string() + "-wal", wal);
  ASSERT_LT(db.size(), std::size_t{be32(db, 28)} * page_one.size())
      << "the test needs a short file";

  auto reopened = Store::open(StoreOptions{copy_dir, false}, clock_, log_);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(must((*reopened)->counts()).plans, 1);
  EXPECT_EQ(sql_int(database_path(copy_dir), "SELECT count(*) FROM settings"), 300);
  EXPECT_TRUE(must((*reopened)->check()).ok);
}

}  // namespace
}  // namespace hotspot::storage::testing
