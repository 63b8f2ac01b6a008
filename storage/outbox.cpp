#include "storage/outbox.h"

#include "storage/context.h"

namespace hotspot::storage {

Result<std::vector<OutboxEntry>> Outbox::pending(int limit) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto rows = (*db)->cached(
      "SELECT seq, topic, payload, created_at FROM outbox ORDER BY seq LIMIT ?");
  if (!rows) return rows.error();
  rows->bind(1, static_cast<std::int64_t>(limit));
  return collect_rows<OutboxEntry>(*rows, [](const Statement& r) -> OutboxEntry {
    return {r.column_int(0), r.column_text(1), r.column_text(2), r.column_int(3)};
  });
}

Status Outbox::mark_sent_through(std::int64_t seq) {
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto update = db.cached(
        "UPDATE sync_cursor SET acked_through = max(acked_through, ?) WHERE id = 1");
    if (!update) return update.error();
    update->bind(1, seq);
    return update->run();
  });
}

Result<std::int64_t> Outbox::pending_count() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return (*db)->query_int("SELECT count(*) FROM outbox");
}

}  // namespace hotspot::storage
