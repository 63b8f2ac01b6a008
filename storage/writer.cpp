#include "storage/writer.h"

#include <exception>
#include <optional>

namespace hotspot::storage {

Writer::Writer(Connection connection, Logger& log, Job before_commit)
    : db_(std::move(connection)), log_(log), before_commit_(std::move(before_commit)),
      thread_([this] { run(); }) {
  thread_id_ = thread_.get_id();  // read only by callers, who see the finished constructor
}

Writer::~Writer() { stop(); }

Status Writer::write(Job job) {
  if (std::this_thread::get_id() == thread_id_) {
    return make_error(Errc::internal, "write() called from a completion on the writer thread");
  }
  auto promise = std::make_shared<std::promise<Status>>();
  auto result = promise->get_future();
  submit(std::move(job), [promise](const Status& s) { promise->set_value(s); });
  return result.get();
}

void Writer::submit(Job job, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(job), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(make_error(Errc::unavailable, "the books are closed"));
}

void Writer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Writer::run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been committed
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
  }
}

namespace {
Status run_cached(Connection& db, std::string_view sql) {
  auto stmt = db.cached(sql);
  if (!stmt) return stmt.error();
  return stmt->run();
}

// What every job of a batch hears when SQLite rolled the transaction back under it.
Status lost_transaction(const Status& cause) {
  if (cause) return make_error(Errc::io, "not committed: the transaction was rolled back");
  return make_error(cause.error().code, "not committed: " + cause.error().message);
}
}  // namespace

Status Writer::run_in_savepoint(Job& job) {
  if (auto s = run_cached(db_, "SAVEPOINT job"); !s) return s;
  Status result = run_job(job);
  if (!result) {
    ++epoch_;
    (void)run_cached(db_, "ROLLBACK TO job");
  }
  (void)run_cached(db_, "RELEASE job");
  return result;
}

Status Writer::finish(std::size_t jobs) {
  if (before_commit_ && jobs > 0) {
    Status ready;
    try {
      ready = before_commit_(db_);
    } catch (const std::exception& e) {
      ready = make_error(Errc::internal, std::string("write failed: ") + e.what());
    }
    if (!ready) return ready;
  }
  return db_.exec("COMMIT");
}

Status Writer::run_job(Job& job) {
  try {
    return job(db_);
  } catch (const std::exception& e) {
    return make_error(Errc::internal, std::string("write failed: ") + e.what());
  }
}

// Runs every job of the batch in one transaction. `isolated` puts each in its own SAVEPOINT so
// that a failing job rolls back alone; otherwise the first failure stops the attempt and the
// caller retries isolated. Returns false when the attempt must be retried.
bool Writer::attempt(std::deque<Pending>& batch, bool isolated, std::vector<Status>& results) {
  results.clear();
  ++epoch_;
  // IMMEDIATE takes the write lock now, so a busy database (another process writing) waits in
  // the busy handler here rather than failing half-way through the batch.
  Status begun = db_.exec("BEGIN IMMEDIATE");
  if (!begun) {
    log_.warning("storage", "STORAGE_BEGIN_FAILED", begun.error().message);
    results.assign(batch.size(), begun);
    return true;
  }
  std::optional<Status> lost;
  for (auto& pending : batch) {
    results.push_back(lost ? *lost : isolated ? run_in_savepoint(pending.job) : run_job(pending.job));
    // SQLite answers some failures (disk full, I/O error) by rolling back the whole
    // transaction: then no job of this batch is in the books whatever it returned, and the
    // ones after it must not run outside a transaction.
    if (!lost && sqlite3_get_autocommit(db_.handle())) lost = lost_transaction(results.back());
    if (!lost && !isolated && !results.back()) {
      (void)db_.exec("ROLLBACK");
      return false;
    }
  }
  Status committed = lost ? *lost : finish(batch.size());
  if (committed) commits_.fetch_add(1, std::memory_order_release);
  if (!committed) {
    if (!lost) (void)db_.exec("ROLLBACK");
    log_.error("storage", "STORAGE_COMMIT_FAILED", committed.error().message);
    for (auto& r : results) r = committed;
  }
  return true;
}

void Writer::commit_batch(std::deque<Pending>& batch) {
  std::vector<Status> results;
  results.reserve(batch.size());
  // Jobs rarely fail, and a SAVEPOINT per job costs a copy of every page it touches, so the
  // batch first runs without them; only if a job fails is it rolled back and run again with
  // each job isolated. A lone job needs no isolation at all.
  const bool alone = batch.size() == 1;
  if (!attempt(batch, /*isolated=*/false, results) && !alone) {
    attempt(batch, /*isolated=*/true, results);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    try {
      batch[i].done(results[i]);
    } catch (const std::exception& e) {
      log_.error("storage", "STORAGE_CALLBACK_FAILED", e.what());
    }
  }
}

}  // namespace hotspot::storage
