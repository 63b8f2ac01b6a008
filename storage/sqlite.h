#pragma once
// A thin RAII layer over the SQLite C API: one Connection per thread of use, prepared
// statements only, errors as Result values with SQLite's own message attached.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace hotspot::storage {

class Statement;

class Connection {
 public:
  enum class Mode { read_write_create, read_write, read_only };

  static Result<Connection> open(const std::filesystem::path& path, Mode mode);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // For statements without parameters or results (PRAGMA, DDL, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The same statement prepared once for the connection's life and lent out for each use: for
  // statements run on every sale, where preparing costs more than running. The returned
  // Statement resets (rather than finalizes) when it goes out of scope, so it never holds a
  // read snapshot open. Do not hold two at once for the same SQL.
  Result<Statement> cached(std::string_view sql);
  // Runs a query expected to yield one integer (e.g. "PRAGMA user_version").
  Result<std::int64_t> query_int(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }
  Error error(std::string_view what) const;  // "what: <sqlite message>"

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  void close();

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Binding returns *this so calls chain.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);

  // True while a row is available; false when done. Errors (busy, constraint) come back as Error.
  Result<bool> step();
  // step() expecting no row (INSERT/UPDATE/DELETE).
  Status run();
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::optional<std::int64_t> column_optional_int(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool borrowed = false)
      : db_(db), stmt_(stmt), borrowed_(borrowed) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool borrowed_ = false;  // owned by the connection's cache: reset, don't finalize
  void release();
  int bind_rc_ = SQLITE_OK;  // the first binding failure, reported by step()
};

// Steps through every row of `stmt`, turning each into a Row with `map(stmt)`.
template <class Row, class Map>
Result<std::vector<Row>> collect_rows(Statement& stmt, Map map) {
  std::vector<Row> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(map(stmt));
  }
}

// Maps SQLite result codes to our error kinds (busy -> unavailable, corrupt/notadb -> corrupt...).
Errc errc_from_sqlite(int rc);

}  // namespace hotspot::storage
