#include "storage/writer.h"

#include <exception>

namespace hotspot::storage {

Writer::Writer(Connection connection, Logger& log)
    : db_(std::move(connection)), log_(log), thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

Status Writer::write(Job job) {
  std::future<Status> result;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return make_error(Errc::unavailable, "the books are closed");
    queue_.push_back(Pending{std::move(job), {}});
    result = queue_.back().done.get_future();
  }
  wake_.notify_one();
  return result.get();
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

Status Writer::run_in_savepoint(Job& job) {
  if (auto s = db_.exec("SAVEPOINT job"); !s) return s;
  Status result;
  try {
    result = job(db_);
  } catch (const std::exception& e) {
    result = make_error(Errc::internal, std::string("write failed: ") + e.what());
  }
  if (!result) (void)db_.exec("ROLLBACK TO job");
  (void)db_.exec("RELEASE job");
  return result;
}

void Writer::commit_batch(std::deque<Pending>& batch) {
  std::vector<Status> results;
  results.reserve(batch.size());
  // IMMEDIATE takes the write lock now, so a busy database (another process writing) waits in
  // the busy handler here rather than failing half-way through the batch.
  Status begun = db_.exec("BEGIN IMMEDIATE");
  if (begun) {
    for (auto& pending : batch) results.push_back(run_in_savepoint(pending.job));
    Status committed = db_.exec("COMMIT");
    if (!committed) {
      (void)db_.exec("ROLLBACK");
      log_.error("storage", "STORAGE_COMMIT_FAILED", committed.error().message);
      for (auto& r : results) r = committed;
    }
  } else {
    log_.warning("storage", "STORAGE_BEGIN_FAILED", begun.error().message);
    results.assign(batch.size(), begun);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(results[i]);
}

}  // namespace hotspot::storage
