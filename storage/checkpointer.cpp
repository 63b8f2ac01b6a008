#include "storage/checkpointer.h"

#include <chrono>
#include <optional>

namespace hotspot::storage {

Checkpointer::Checkpointer(const std::filesystem::path& database, Logger& log)
    : database_(database), log_(log), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::attach(Connection& writer) {
  // sqlite3_wal_hook replaces the automatic checkpoint's own hook: from now on only this thread
  // checkpoints for the writer. Other processes (hotspotctl) keep SQLite's default.
  sqlite3_wal_hook(writer.handle(), &Checkpointer::on_commit, this);
}

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
  auto* me = static_cast<Checkpointer*>(self);
  if (pages >= kThresholdPages) {
    {
      std::lock_guard lock(me->mu_);
      me->due_ = true;
    }
    me->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::run() {
  std::optional<Connection> db;
  for (;;) {
    std::unique_lock lock(mu_);
    // Also every few seconds, so a quiet appliance does not keep a large WAL for long.
    wake_.wait_for(lock, std::chrono::seconds(5), [this] { return due_ || stopping_; });
    const bool last = stopping_;
    due_ = false;
    lock.unlock();
    checkpoint(db);
    if (last) return;
  }
}

void Checkpointer::checkpoint(std::optional<Connection>& db) {
  if (!db) {
    auto opened = Connection::open(database_, Connection::Mode::read_write);
    if (!opened) {
      log_.warning("storage", "STORAGE_CHECKPOINT_FAILED", opened.error().message);
      return;
    }
    db.emplace(std::move(*opened));
    // A connection learns that the file is in WAL mode only once it has read it; until then
    // a checkpoint is a silent no-op.
    (void)db->exec("PRAGMA busy_timeout = 1000; SELECT count(*) FROM sqlite_schema");
  }
  int wal_pages = 0;
  int copied = 0;
  // PASSIVE never blocks the writer or readers; what it cannot copy now, a later round will.
  int rc = sqlite3_wal_checkpoint_v2(db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages,
                                     &copied);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    log_.warning("storage", "STORAGE_CHECKPOINT_FAILED", sqlite3_errmsg(db->handle()));
  }
}

}  // namespace hotspot::storage
