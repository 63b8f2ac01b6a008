#include "storage/context.h"

#include "storage/audit_log.h"

namespace hotspot::storage {

// Long enough to ride out another process's batch commit; short enough to surface a stuck lock.
constexpr int kBusyTimeoutMs = 10'000;

Status configure_connection(Connection& db) {
  return db.exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs) +
                 "; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");
}

ReaderPool::Lease::~Lease() {
  if (!conn_.handle()) return;
  std::lock_guard lock(pool_->mu_);
  pool_->idle_.push_back(std::move(conn_));
}

Result<ReaderPool::Lease> ReaderPool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      Connection conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
  }
  auto conn = Connection::open(path_, Connection::Mode::read_only);
  if (!conn) return conn.error();
  if (auto s = configure_connection(*conn); !s) return s.error();
  return Lease(*this, std::move(*conn));
}

Status record_change(Connection& db, StoreContext& ctx, const Change& change) {
  return record_serialised_change(db, ctx, change.actor, change.action, change.subject,
                                  change.details.dump());
}

Status record_serialised_change(Connection& db, StoreContext& ctx, std::string_view actor,
                                std::string_view action, std::string_view subject,
                                std::string_view details_json) {
  return ctx.writer_chain->append(db, ctx.writer->epoch(), ctx.now(), actor, action, subject,
                                  details_json);
}

}  // namespace hotspot::storage
