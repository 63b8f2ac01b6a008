#pragma once
// One writer with group commit. Every write in the process is a job run on one thread and one
// connection; jobs that queue up while a commit is in flight are run together in the next
// transaction, so that N concurrent writers pay one fsync rather than N. A failing job rolls
// back alone: the batch is then rolled back and run again with each job in its own SAVEPOINT.
// So a job may run twice before it commits: it must set, never accumulate, what it reports.
// write() returns only after the commit is durable.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/result.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

class Writer {
 public:
  using Job = std::function<Status(Connection&)>;
  // Called on the writer thread once the job's transaction is durable (or failed). Keep it
  // short, and never call write() from it: hand the result to the caller's own thread.
  using Done = std::function<void(const Status&)>;

  // Most jobs put in one transaction; bounds the latency one batch adds to its first job.
  static constexpr std::size_t kMaxBatch = 512;

  // `before_commit` runs once per batch, after its jobs and inside the same transaction, for
  // bookkeeping that need only be right at commit (the audit chain's signed head). If it
  // fails, the whole batch is rolled back and every job in it fails.
  Writer(Connection connection, Logger& log, Job before_commit = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `job` in a transaction and waits until it is committed (or failed). Thread-safe.
  Status write(Job job);
  // Queues `job` and returns at once; `done` reports the outcome after the commit. This is how
  // a caller keeps many writes in flight (an event loop, a batch of callbacks) while every
  // acknowledgement still follows a durable commit.
  void submit(Job job, Done done);
  // Commits what is queued, then refuses new jobs. Idempotent.
  void stop();
  // Names the state of the open transaction: it changes whenever a transaction begins or a job
  // is rolled back, so a job may keep what it read earlier in the same epoch (the audit chain's
  // newest entry) instead of reading it again. Writer thread only.
  std::uint64_t epoch() const { return epoch_; }
  // Transactions committed so far. It changes after a commit is visible to readers, so a read
  // made after seeing a value is current for as long as the value holds. Thread-safe.
  std::uint64_t commits() const { return commits_.load(std::memory_order_acquire); }

 private:
  struct Pending {
    Job job;
    Done done;
  };

  void run();
  void commit_batch(std::deque<Pending>& batch);
  Status run_job(Job& job);  // exceptions become errors
  Status run_in_savepoint(Job& job);
  bool attempt(std::deque<Pending>& batch, bool isolated, std::vector<Status>& results);
  Status finish(std::size_t jobs);  // before_commit_, then COMMIT

  Connection db_;
  Logger& log_;
  Job before_commit_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::thread::id thread_id_;
  std::uint64_t epoch_ = 1;
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace hotspot::storage
