// What hotspotctl does with damaged books: one clear line, a non-zero exit, and the files as
// they were.
#include <sqlite3.h>

#include "cli_runner.h"
#include "storage/schema.h"

namespace hotspot::cli::testing {
namespace {

class BadBooksTest : public CliTest {
 protected:
  std::filesystem::path db() const { return data_dir_ / "hotspot.db"; }

  void expect_refused(const std::string& fragment) {
    const std::string before = read_file(db());
    for (auto args : std::vector<std::vector<std::string>>{{"status"}, {"plan", "list"}, {"db", "check"}}) {
      auto r = run(args);
      EXPECT_NE(r.code, 0) << args[0];
      EXPECT_TRUE(is_one_line(r.err)) << r.err;
      EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    }
    EXPECT_EQ(read_file(db()), before) << "the damaged file must be left as it was";
  }

  void set_user_version(int version) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
    const std::string sql = "PRAGMA user_version = " + std::to_string(version);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
};

TEST_F(BadBooksTest, GarbageFile) {
  init_books();
  std::ofstream(db(), std::ios::binary | std::ios::trunc) << std::string(8192, 'x');
  expect_refused("not a SQLite database");
}

TEST_F(BadBooksTest, TruncatedFile) {
  init_books();
  run_ok({"voucher", "generate", "--plan", "Daily", "--count", "2000"});
  // Fold the WAL into the main file first so that the cut really loses pages.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  std::filesystem::resize_file(db(), std::filesystem::file_size(db()) / 2);
  expect_refused("truncated");
}

TEST_F(BadBooksTest, NewerSchema) {
  init_books();
  set_user_version(storage::latest_schema_version() + 1);
  expect_refused("newer");
}

TEST_F(BadBooksTest, MissingKeyFile) {
  init_books();
  std::filesystem::remove(data_dir_ / "secret.key");
  expect_refused("key file");
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "secret.key")) << "never silently make a new key";
}

TEST_F(BadBooksTest, KeyFileReadableByOthers) {
  init_books();
  std::filesystem::permissions(data_dir_ / "secret.key", std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  expect_refused("chmod 600");
}

}  // namespace
}  // namespace hotspot::cli::testing
