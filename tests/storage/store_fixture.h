#pragma once
// Shared by the storage tests: a fresh temporary directory per test holding a real SQLite file,
// a store opened on it, raw SQL access (as another process or an attacker would have), and a
// few sample rows.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/plan.h"
#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "storage/accounts.h"
#include "storage/audit_log.h"
#include "storage/context.h"
#include "storage/outbox.h"
#include "storage/payments.h"
#include "storage/plans.h"
#include "storage/sales.h"
#include "storage/sessions.h"
#include "storage/settings.h"
#include "storage/sqlite.h"
#include "storage/store.h"
#include "storage/tickets.h"

namespace hotspot::storage::testing {

namespace fs = std::filesystem;

// Fails the current test with the error's message; the exception ends the test body.
template <class T>
T must(Result<T> result, const char* what = "operation") {
  if (!result) {
    ADD_FAILURE() << what << " failed: " << result.error().message;
    throw std::runtime_error(result.error().message);
  }
  return std::move(result).value();
}

inline void must(Status status, const char* what = "operation") {
  if (!status) {
    ADD_FAILURE() << what << " failed: " << status.error().message;
    throw std::runtime_error(status.error().message);
  }
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "hotspot-storage-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline unsigned file_mode(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0xffff;
  return st.st_mode & 07777;
}

// A connection of our own to the file, outside the store.
inline Connection raw_connection(const fs::path& db) {
  auto conn = Connection::open(db, Connection::Mode::read_write);
  if (!conn) throw std::runtime_error(conn.error().message);
  must(conn->exec("PRAGMA busy_timeout = 10000"), "busy_timeout");
  return std::move(*conn);
}

inline std::int64_t sql_int(const fs::path& db, const std::string& sql) {
  auto conn = raw_connection(db);
  return must(conn.query_int(sql), sql.c_str());
}

inline void sql_exec(const fs::path& db, const std::string& sql) {
  auto conn = raw_connection(db);
  must(conn.exec(sql), sql.c_str());
}

// Every value in a table as text, joined, for "does this string appear anywhere" checks.
inline std::string table_text(const fs::path& db, const std::string& table) {
  auto conn = raw_connection(db);
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "SELECT * FROM " + table;
  if (sqlite3_prepare_v2(conn.handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot read " + table);
  }
  std::string all;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      if (text) all.append(reinterpret_cast<const char*>(text));
      all += '\n';
    }
  }
  sqlite3_finalize(stmt);
  return all;
}

inline Plan sample_plan(std::string name = "1 hour", std::int64_t price = 50) {
  Plan p;
  p.name = std::move(name);
  p.price = Kes{price};
  p.time_allowance = Seconds(3600);
  p.download_bps = 2'000'000;
  p.upload_bps = 1'000'000;
  return p;
}

class StoreTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (store_ && counting_commits_) {  // the hook points into this fixture
      (void)store_->context().writer->write([](Connection& db) -> Status {
        sqlite3_commit_hook(db.handle(), nullptr, nullptr);
        return {};
      });
    }
    store_.reset();
  }

  fs::path data_dir() const { return dir_.path() / "data"; }
  fs::path db_path() const { return database_path(data_dir()); }

  Result<std::unique_ptr<Store>> open(bool create_if_missing = true) {
    return Store::open(StoreOptions{data_dir(), create_if_missing}, clock_, log_);
  }
  Store& store() {
    if (!store_) store_ = must(open(), "Store::open");
    return *store_;
  }
  void close_store() { store_.reset(); }
  Plan add_plan(std::string name = "1 hour", std::int64_t price = 50) {
    return must(store().plans().add(sample_plan(std::move(name), price), "test"), "add plan");
  }
  StoreCounts counts() { return must(store().counts(), "counts"); }
  // Counts COMMITs on the writer's connection from now on, in commits_.
  void count_commits() {
    must(store().context().writer->write([this](Connection& db) -> Status {
      sqlite3_commit_hook(
          db.handle(),
          [](void* n) {
            ++*static_cast<std::atomic<int>*>(n);
            return 0;
          },
          &commits_);
      return {};
    }), "count commits");
    counting_commits_ = true;
    commits_ = 0;
  }

  std::atomic<int> commits_ = 0;
  bool counting_commits_ = false;
  TempDir dir_;
  hotspot::testing::FakeClock clock_;
  hotspot::testing::CapturingLogger log_;
  std::unique_ptr<Store> store_;
};

}  // namespace hotspot::storage::testing
