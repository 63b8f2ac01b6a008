#pragma once
// The books: one SQLite file in the data directory, opened through Store.
//
// Durability: WAL journal with synchronous=FULL, so every COMMIT is fsynced to the WAL before it
// returns. A committed sale survives kill -9 and power loss; the price (one fsync per commit) is
// paid once per group of writes by the Writer. See docs/storage.md for the reasoning.
//
// Threads: Store is safe to use from any thread. Writes go through one writer thread that groups
// concurrent writes into one transaction; reads use a small pool of read-only connections.
// Several processes (hotspotd and hotspotctl) may open the same file at once.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"

namespace hotspot::storage {

class Accounts;
class AuditLog;
class Health;
class Outbox;
class Payments;
class Plans;
class Sales;
class Secrets;
class Sessions;
class Settings;
class Tickets;
class UsagePolls;
struct StoreContext;

struct StoreOptions {
  std::filesystem::path data_dir;
  // Create the directory, key file and database when missing (hotspotctl init, the daemon).
  // When false, a missing database is an error (every other hotspotctl command).
  bool create_if_missing = true;
};

std::filesystem::path database_path(const std::filesystem::path& data_dir);  // <dir>/hotspot.db
std::filesystem::path key_path(const std::filesystem::path& data_dir);       // <dir>/secret.key

struct StoreCounts {
  std::int64_t plans = 0;
  std::int64_t enabled_plans = 0;
  std::int64_t batches = 0;
  std::int64_t tickets_issued = 0;
  std::int64_t tickets_active = 0;
  std::int64_t tickets_ended = 0;  // expired, exhausted or revoked
  std::int64_t sales = 0;
  std::int64_t revenue_kes = 0;
  std::int64_t payments = 0;
  std::int64_t payments_paid = 0;
  std::int64_t payments_open = 0;     // initiated or pending: waiting for the customer or Daraja
  std::int64_t payments_unknown = 0;  // no answer: may have been paid
  std::int64_t accounts = 0;
  std::int64_t audit_entries = 0;
  std::int64_t outbox_pending = 0;
};

struct CheckReport {
  bool ok = true;
  std::string integrity;        // "ok" or SQLite's first findings
  std::int64_t foreign_key_violations = 0;
  std::int64_t audit_entries = 0;
  std::int64_t audit_first_bad_id = 0;  // 0 when the chain is intact
  std::string audit_problem;            // why the chain broke, when it did
};

class Store {
 public:
  // Opens (and, if asked, creates) the books; runs pending migrations in one transaction.
  // Errors: a database from a newer version (unsupported), a corrupt or truncated file
  // (corrupt), a missing, unreadable or world-readable key file (permission/not_found).
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options, const Clock& clock,
                                             Logger& log);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Plans& plans();
  Tickets& tickets();
  Sales& sales();
  Settings& settings();
  Secrets& secrets();
  Accounts& accounts();
  AuditLog& audit();
  Outbox& outbox();
  Health& health();
  Payments& payments();
  Sessions& sessions();
  UsagePolls& usage_polls();

  // Transactions this process has committed (Writer::commits()): unchanged means the books are
  // as this process last read them, unless another process (hotspotctl) wrote to them.
  std::uint64_t commits() const;
  const std::filesystem::path& data_dir() const;
  int schema_version() const;
  Result<StoreCounts> counts();
  // Online copy through SQLite's backup API; safe while others write. Refuses to overwrite.
  Status backup_to(const std::filesystem::path& destination);
  // Cheap health check for the watchdog: a read answers and the writer takes the write lock
  // and commits (an empty transaction, which writes nothing).
  Status ping();
  // PRAGMA integrity_check, foreign_key_check and the audit hash chain.
  Result<CheckReport> check();
  // Waits for queued writes to commit and stops the writer; later writes fail. Idempotent.
  void close();

  // For repositories added in other modules' tests and benchmarks; not for general use.
  StoreContext& context();

 private:
  explicit Store(std::unique_ptr<StoreContext> context);
  std::unique_ptr<StoreContext> ctx_;
  struct Repositories;
  std::unique_ptr<Repositories> repos_;
};

}  // namespace hotspot::storage
