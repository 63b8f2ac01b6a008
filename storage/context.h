#pragma once
// What every repository shares: the writer, the read connections, the key and the clock.
// Internal to storage/; callers see Store and the repositories.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "core/random.h"
#include "storage/audit_log.h"
#include "storage/checkpointer.h"
#include "storage/crypto.h"
#include "storage/sqlite.h"
#include "storage/writer.h"

namespace hotspot::storage {

// Read-only connections handed out one per caller, so readers never share a handle and never
// wait for the writer (WAL lets them read the last committed state).
class ReaderPool {
 public:
  explicit ReaderPool(std::filesystem::path path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(ReaderPool& pool, Connection conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return conn_; }
    Connection* operator->() { return &conn_; }

   private:
    ReaderPool* pool_;
    Connection conn_;
  };

  Result<Lease> acquire();

 private:
  friend class Lease;
  std::filesystem::path path_;
  std::mutex mu_;
  std::vector<Connection> idle_;
};

struct StoreContext {
  StoreContext(std::filesystem::path dir, const Clock& c, Logger& l)
      : data_dir(std::move(dir)), clock(c), log(l) {}

  std::filesystem::path data_dir;
  const Clock& clock;
  Logger& log;
  Key256 secrets_key{};
  Key256 audit_key{};
  std::unique_ptr<AuditChain> writer_chain;  // used on the writer thread only
  std::mutex random_mu;  // RandomSource is not thread-safe
  std::unique_ptr<RandomSource> random;
  std::unique_ptr<Checkpointer> checkpointer;  // declared before the writer: stops after it
  std::unique_ptr<Writer> writer;
  std::unique_ptr<ReaderPool> readers;
  int schema_version = 0;

  long long now() const { return to_unix_seconds(clock.wall_now()); }
};

// One change to the books, as the audit log and the sync outbox record it.
struct Change {
  std::string actor;    // "cli", "daemon", "portal", "dashboard:<user>"
  std::string action;   // "plan.added", "voucher.revoked", "sale.recorded", ...
  std::string subject;  // "plan:3", "ticket:ABCD2345"
  nlohmann::json details = nlohmann::json::object();
};

// Appends the change to the hash-chained audit log, inside the caller's transaction, so that
// the change and its record commit together or not at all. The sync outbox reads the same row.
Status record_change(Connection& db, StoreContext& ctx, const Change& change);
// The same, with the details already serialised as a JSON object: for the sale, the one change
// frequent enough for building a JSON tree per entry to show.
Status record_serialised_change(Connection& db, StoreContext& ctx, std::string_view actor,
                                std::string_view action, std::string_view subject,
                                std::string_view details_json);

// Applies the pragmas every connection needs (busy timeout, foreign keys).
Status configure_connection(Connection& db);

}  // namespace hotspot::storage
