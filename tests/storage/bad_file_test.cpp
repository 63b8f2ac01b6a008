// Bad files where the books should be: each is refused with one clear message and the right
// error kind, and the file is left byte-for-byte as it was, whether or not the caller asked to
// create missing books.

#include "core/testutils/seeded_random.h"
#include "storage/schema.h"
#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

class BadFileTest : public StoreTest {
 protected:
  void SetUp() override {
    Plan plan = add_plan();
    for (int i = 0; i < 5; ++i)
      must(store().sales().sell(plan.id, SaleChannel::cash, std::nullopt, "test"));
    close_store();
  }

  // Opens with and without create_if_missing; both must refuse and touch nothing.
  void expect_refused(Errc code, const std::string& words) {
    const bool had_db = fs::exists(db_path());
    const std::string before = had_db ? read_file(db_path()) : "";
    for (bool create : {true, false}) {
      SCOPED_TRACE(create ? "create_if_missing" : "open only");
      auto opened = open(create);
      ASSERT_FALSE(opened) << "opened a bad file";
      EXPECT_EQ(opened.error().code, code)
          << errc_name(opened.error().code) << ": " << opened.error().message;
      EXPECT_NE(opened.error().message.find(words), std::string::npos) << opened.error().message;
      EXPECT_EQ(opened.error().message.find('\n'), std::string::npos);
      ASSERT_EQ(fs::exists(db_path()), had_db);
      if (had_db) {
        EXPECT_TRUE(read_file(db_path()) == before) << "the file was changed";
      }
    }
  }

  std::string random_bytes(std::size_t size, std::uint64_t seed = 7) {
    hotspot::testing::SeededRandom random(seed);
    std::string out(size, '\0');
    random.fill({reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
    return out;
  }

  // Another program's database, in place of ours.
  void replace_with_foreign(std::int64_t application_id) {
    fs::remove(db_path());
    auto db = must(Connection::open(db_path(), Connection::Mode::read_write_create));
    must(db.exec("PRAGMA application_id = " + std::to_string(application_id) +
                 "; CREATE TABLE contacts (name TEXT, phone TEXT);"
                 "INSERT INTO contacts VALUES ('Wanjiku', '0712345678');"));
  }
};

TEST_F(BadFileTest, RandomBytesAreNotADatabase) {
  write_file(db_path(), random_bytes(64 * 1024));
  expect_refused(Errc::corrupt, "is not a SQLite database");
}

TEST_F(BadFileTest, GarbageAfterAValidHeaderIsDamaged) {
  std::string db = read_file(db_path());
  const std::size_t page = 4096;
  ASSERT_GT(db.size(), 4 * page);
  db.replace(page, db.size() - page, random_bytes(db.size() - page));
  write_file(db_path(), db);
  expect_refused(Errc::corrupt, "damaged");
}

TEST_F(BadFileTest, TruncatedFileIsRefused) {
  std::string db = read_file(db_path());
  write_file(db_path(), db.substr(0, db.size() / 2));
  expect_refused(Errc::corrupt, "truncated");
}

// The size check gives way while a WAL holds pages (see OpensAfterACheckpointWasCutShort); a
// stray WAL must not let a truncated file through.
TEST_F(BadFileTest, TruncatedFileBesideAStrayWalIsRefused) {
  std::string db = read_file(db_path());
  write_file(db_path(), db.substr(0, db.size() / 2));
  write_file(db_path().string() + "-wal", random_bytes(8192));
  expect_refused(Errc::corrupt, "damaged");
}

TEST_F(BadFileTest, TruncatedFileBesideARealWalIsRefused) {
  auto writer = raw_connection(db_path());
  must(writer.exec("PRAGMA wal_autocheckpoint = 0"));
  must(writer.exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 0)"));
  const std::string wal = read_file(db_path().string() + "-wal");
  const std::string db = read_file(db_path());
  TempDir other;
  const fs::path copy = other.path() / "hotspot.db";
  write_file(copy, db.substr(0, db.size() / 2));
  write_file(copy.string() + "-wal", wal);
  auto refused = inspect_existing_database(copy);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::corrupt) << refused.error().message;
  EXPECT_NE(refused.error().message.find("damaged"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(read_file(copy) == db.substr(0, db.size() / 2));
}

TEST_F(BadFileTest, FileCutMidPageIsRefused) {
  std::string db = read_file(db_path());
  write_file(db_path(), db.substr(0, db.size() - 1000));
  expect_refused(Errc::corrupt, "truncated");
}

TEST_F(BadFileTest, EmptyFileIsRefusedNotFilled) {
  write_file(db_path(), "");
  expect_refused(Errc::corrupt, "is empty");
}

TEST_F(BadFileTest, AnotherProgramsDatabaseIsRefused) {
  replace_with_foreign(0x12345678);
  expect_refused(Errc::corrupt, "another program");
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM sqlite_master"), 1);
}

// Most programs never set an application id: such a file with tables in it is not ours either,
// and must not get our schema added to it.
TEST_F(BadFileTest, AnotherProgramsDatabaseWithoutApplicationIdIsRefused) {
  replace_with_foreign(0);
  expect_refused(Errc::corrupt, "another program");
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM sqlite_master"), 1);
}

TEST_F(BadFileTest, NewerSchemaIsRefused) {
  sql_exec(db_path(), "PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  expect_refused(Errc::unsupported, "newer than this hotspot-edge");
  EXPECT_EQ(sql_int(db_path(), "PRAGMA user_version"), latest_schema_version() + 1);
}

TEST_F(BadFileTest, MissingKeyFileIsNotRecreated) {
  fs::remove(key_path(data_dir()));
  expect_refused(Errc::not_found, "key file");
  EXPECT_FALSE(fs::exists(key_path(data_dir())));
}

TEST_F(BadFileTest, KeyFileReadableByOthersIsRefused) {
  const std::string key = read_file(key_path(data_dir()));
  fs::permissions(key_path(data_dir()), fs::perms(0644));
  expect_refused(Errc::permission, "chmod 600");
  EXPECT_EQ(file_mode(key_path(data_dir())), 0644u);
  EXPECT_EQ(read_file(key_path(data_dir())), key);
}

TEST_F(BadFileTest, KeyFileOfWrongSizeIsRefused) {
  const std::string key = read_file(key_path(data_dir()));
  for (const std::string& wrong : {key.substr(0, 31), key + "x", std::string()}) {
    SCOPED_TRACE(wrong.size());
    write_file(key_path(data_dir()), wrong);
    expect_refused(Errc::corrupt, "32 bytes");
  }
}

TEST_F(BadFileTest, ARestoredGoodFileOpensAgain) {
  const std::string good = read_file(db_path());
  write_file(db_path(), good.substr(0, good.size() / 2));
  expect_refused(Errc::corrupt, "truncated");
  write_file(db_path(), good);
  auto opened = open(false);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(must((*opened)->counts()).sales, 5);
}

}  // namespace
}  // namespace hotspot::storage::testing
