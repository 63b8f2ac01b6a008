#pragma once
// Moves committed pages from the WAL back into the database file on a thread of its own, so
// that the writer's commits only ever append to the WAL. SQLite's automatic checkpoint would
// instead run inside a commit every 1000 pages, making that writer (and every sale waiting on
// it) pay for copying and fsyncing the database file.

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/log.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

class Checkpointer {
 public:
  // Checkpoint once the WAL holds this many pages (SQLite's own default threshold).
  static constexpr int kThresholdPages = 1000;

  Checkpointer(const std::filesystem::path& database, Logger& log);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs a hook on the writer's connection that wakes the checkpointer as the WAL grows,
  // and turns off that connection's automatic checkpoint. The connection must outlive `this`
  // being attached (the writer stops before the checkpointer).
  void attach(Connection& writer);
  // Runs a last checkpoint and stops. Idempotent.
  void stop();

 private:
  static int on_commit(void* self, sqlite3* db, const char* name, int pages);
  void run();
  void checkpoint(std::optional<Connection>& db);

  std::filesystem::path database_;
  Logger& log_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hotspot::storage
