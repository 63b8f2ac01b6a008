#pragma once
// The audit log is append-only (triggers refuse UPDATE and DELETE) and hash-chained: each row
// carries HMAC-SHA256(audit key, previous hash | its own fields), so an edited, deleted or
// re-ordered row breaks the chain at that row, and the chain cannot be rebuilt without the key.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/crypto.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

struct StoreContext;

struct AuditEntry {
  std::int64_t id = 0;
  long long at = 0;
  std::string actor;
  std::string action;
  std::string subject;
  std::string details;  // JSON
};

struct AuditVerdict {
  std::int64_t entries = 0;
  std::int64_t first_bad_id = 0;  // 0 when intact
  std::string problem;
};

// The chain as the writer extends it, on the writer thread only. It remembers the newest entry
// of the open transaction so that each append does not look it up again; `epoch` (from
// Writer::epoch) says whether what it remembers still belongs to the transaction's state.
class AuditChain {
 public:
  explicit AuditChain(const Key256& key) : mac_(key) {}
  // Inside a write transaction.
  Status append(Connection& db, std::uint64_t epoch, long long at, std::string_view actor,
                std::string_view action, std::string_view subject, std::string_view details);
  // Records the newest entry under the key; once per transaction, just before it commits.
  Status sign_head(Connection& db, std::uint64_t epoch);

 private:
  Status load_tail(Connection& db, std::uint64_t epoch);

  Hmac mac_;
  std::uint64_t epoch_ = 0;  // the writer's epochs start at 1: nothing is remembered yet
  std::int64_t last_id_ = 0;
  std::string last_hash_;
};
// Walks the whole chain.
Result<AuditVerdict> verify_audit_chain(Connection& db, Hmac& chain);

class AuditLog {
 public:
  explicit AuditLog(StoreContext& ctx) : ctx_(ctx) {}
  // Newest first.
  Result<std::vector<AuditEntry>> recent(int limit);
  Result<AuditVerdict> verify();

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
