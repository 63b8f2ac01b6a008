#include "storage/audit_log.h"

#include "storage/context.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kGenesis = "genesis";

std::string chain_input(std::string_view prev, std::int64_t id, long long at, std::string_view actor,
                        std::string_view action, std::string_view subject,
                        std::string_view details) {
  // Length-prefixed fields, so that moving bytes between fields changes the hash.
  std::string out;
  auto add = [&out](std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
  };
  add(prev);
  add(std::to_string(id));
  add(std::to_string(at));
  add(actor);
  add(action);
  add(subject);
  add(details);
  return out;
}

// The head row names the newest entry under the key, so that cutting entries off the end of the
// chain (which leaves every remaining link intact) is detected too.
std::string head_mac(Hmac& chain, std::int64_t last_id, std::string_view last_hash) {
  return chain.hex("head:" + std::to_string(last_id) + ":" + std::string(last_hash));
}

Status write_head(Connection& db, Hmac& chain, std::int64_t last_id, const std::string& last_hash) {
  auto upsert = db.cached(
      "INSERT INTO audit_head (id, last_id, last_hash, mac) VALUES (1, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, "
      "last_hash = excluded.last_hash, mac = excluded.mac");
  if (!upsert) return upsert.error();
  upsert->bind(1, last_id).bind(2, std::string_view(last_hash));
  upsert->bind(3, std::string_view(head_mac(chain, last_id, last_hash)));
  return upsert->run();
}

// Compares the verified chain's end with the head row.
void check_head(Connection& db, Hmac& chain, std::int64_t last_id, const std::string& last_hash,
                AuditVerdict& verdict) {
  auto head = db.cached("SELECT last_id, last_hash, mac FROM audit_head WHERE id = 1");
  if (!head) return;
  auto row = head->step();
  if (!row) return;
  if (!*row) {
    if (last_id != 0) verdict.problem = "the record of the newest entry is missing";
  } else if (head->column_text(2) != head_mac(chain, head->column_int(0), head->column_text(1))) {
    verdict.problem = "the record of the newest entry was altered";
  } else if (head->column_int(0) != last_id || head->column_text(1) != last_hash) {
    verdict.problem = "entries after " + std::to_string(last_id) + " were removed";
  }
  if (!verdict.problem.empty()) verdict.first_bad_id = last_id + 1;
}

}  // namespace

Status AuditChain::load_tail(Connection& db, std::uint64_t epoch) {
  if (epoch == epoch_) return {};
  auto last = db.cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!last) return last.error();
  auto row = last->step();
  if (!row) return row.error();
  last_id_ = *row ? last->column_int(0) : 0;
  last_hash_ = *row ? last->column_text(1) : std::string(kGenesis);
  epoch_ = epoch;
  return {};
}

Status AuditChain::append(Connection& db, std::uint64_t epoch, long long at, std::string_view actor,
                          std::string_view action, std::string_view subject,
                          std::string_view details) {
  if (auto s = load_tail(db, epoch); !s) return s;
  const std::int64_t id = last_id_ + 1;
  std::string hash = mac_.hex(chain_input(last_hash_, id, at, actor, action, subject, details));
  auto insert = db.cached(
      "INSERT INTO audit_log (id, at, actor, action, subject, details, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, id).bind(2, static_cast<std::int64_t>(at)).bind(3, actor).bind(4, action);
  insert->bind(5, subject).bind(6, details).bind(7, std::string_view(last_hash_));
  insert->bind(8, std::string_view(hash));
  if (auto s = insert->run(); !s) {
    epoch_ = 0;  // whether the row went in is not known: look it up next time
    return s;
  }
  last_id_ = id;
  last_hash_ = std::move(hash);
  return {};
}

Status AuditChain::sign_head(Connection& db, std::uint64_t epoch) {
  if (auto s = load_tail(db, epoch); !s) return s;
  if (last_id_ == 0) return {};
  return write_head(db, mac_, last_id_, last_hash_);
}

Result<AuditVerdict> verify_audit_chain(Connection& db, Hmac& chain) {
  auto rows = db.cached(
      "SELECT id, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY id");
  if (!rows) return rows.error();
  AuditVerdict verdict;
  std::string prev(kGenesis);
  std::int64_t expected_id = 1;
  for (;;) {
    auto row = rows->step();
    if (!row) return row.error();
    if (!*row) break;
    ++verdict.entries;
    const std::int64_t id = rows->column_int(0);
    const std::string hash =
        chain.hex(chain_input(prev, id, rows->column_int(1), rows->column_text(2),
                              rows->column_text(3), rows->column_text(4), rows->column_text(5)));
    std::string problem;
    if (id != expected_id) problem = "entry " + std::to_string(expected_id) + " is missing";
    else if (rows->column_text(6) != prev) problem = "the link to the previous entry is broken";
    else if (rows->column_text(7) != hash) problem = "the entry was altered";
    if (!problem.empty()) {
      verdict.first_bad_id = id;
      verdict.problem = problem;
      return verdict;
    }
    prev = rows->column_text(7);
    ++expected_id;
  }
  check_head(db, chain, expected_id - 1, prev, verdict);
  return verdict;
}

Result<std::vector<AuditEntry>> AuditLog::recent(int limit) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto rows = (*db)->cached(
      "SELECT id, at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ?");
  if (!rows) return rows.error();
  rows->bind(1, static_cast<std::int64_t>(limit));
  return collect_rows<AuditEntry>(*rows, [](const Statement& r) -> AuditEntry {
    return {r.column_int(0),  r.column_int(1),  r.column_text(2),
            r.column_text(3), r.column_text(4), r.column_text(5)};
  });
}

Result<AuditVerdict> AuditLog::verify() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  Hmac chain(ctx_.audit_key);
  return verify_audit_chain(**db, chain);
}

}  // namespace hotspot::storage
