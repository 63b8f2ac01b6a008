#include "storage/outbox.h"

#include "storage/context.h"

namespace hotspot::storage {

Status append_outbox(Connection& db, std::string_view topic, std::string_view payload,
                     long long at) {
  auto insert = db.cached("INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, topic).bind(2, payload).bind(3, static_cast<std::int64_t>(at));
  return insert->run();
}

Result<std::vector<OutboxEntry>> Outbox::pending(int limit) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto rows = (*db)->cached(
      "SELECT seq, topic, payload, created_at FROM outbox WHERE sent_at IS NULL "
      "ORDER BY seq LIMIT ?");
  if (!rows) return rows.error();
  rows->bind(1, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  for (;;) {
    auto row = rows->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({rows->column_int(0), rows->column_text(1), rows->column_text(2),
                   rows->column_int(3)});
  }
}

Status Outbox::mark_sent_through(std::int64_t seq) {
  const long long now = ctx_.now();
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto update =
        db.cached("UPDATE outbox SET sent_at = ? WHERE seq <= ? AND sent_at IS NULL");
    if (!update) return update.error();
    update->bind(1, static_cast<std::int64_t>(now)).bind(2, seq);
    return update->run();
  });
}

Result<std::int64_t> Outbox::pending_count() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return (*db)->query_int("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
}

}  // namespace hotspot::storage
