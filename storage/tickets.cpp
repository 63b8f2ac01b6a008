#include "storage/tickets.h"

#include "core/voucher_code.h"
#include "storage/context.h"
#include "storage/usage_poll.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kTicketColumns =
    "id, code, plan_id, batch_id, state, issued_at, first_login_at, ended_at, used_seconds, "
    "used_bytes";

Ticket ticket_from_row(const Statement& row) {
  Ticket t;
  t.id = row.column_int(0);
  t.code = row.column_text(1);
  t.plan_id = row.column_int(2);
  t.batch_id = row.column_optional_int(3);
  auto state = parse_ticket_state(row.column_text(4));
  t.state = state ? *state : TicketState::revoked;
  t.issued_at = from_unix_seconds(row.column_int(5));
  if (auto v = row.column_optional_int(6)) t.first_login_at = from_unix_seconds(*v);
  if (auto v = row.column_optional_int(7)) t.ended_at = from_unix_seconds(*v);
  t.used_seconds = row.column_int(8);
  t.used_bytes = static_cast<std::uint64_t>(row.column_int(9));
  return t;
}

constexpr std::string_view kBatchSelect =
    "SELECT b.id, b.plan_id, p.name, b.count, b.code_length, b.note, b.created_by, b.created_at, "
    "(SELECT count(*) FROM tickets t WHERE t.batch_id = b.id AND t.state = 'issued'), "
    "(SELECT count(*) FROM tickets t WHERE t.batch_id = b.id AND t.state = 'active'), "
    "(SELECT count(*) FROM tickets t WHERE t.batch_id = b.id "
    "   AND t.state IN ('expired', 'exhausted', 'revoked')) "
    "FROM voucher_batches b JOIN plans p ON p.id = b.plan_id ";

VoucherBatch batch_from_row(const Statement& row) {
  return VoucherBatch{row.column_int(0),  row.column_int(1),  row.column_text(2),
                      row.column_int(3),  static_cast<int>(row.column_int(4)),
                      row.column_text(5), row.column_text(6), row.column_int(7),
                      row.column_int(8),  row.column_int(9),  row.column_int(10)};
}

Status validate_batch(const BatchRequest& r) {
  if (r.count < 1 || r.count > kMaxBatchSize) {
    return make_error(Errc::invalid_argument, "count: must be between 1 and " +
                                                  std::to_string(kMaxBatchSize) + " (got " +
                                                  std::to_string(r.count) + ")");
  }
  if (r.code_length < kMinVoucherLength || r.code_length > kMaxVoucherLength) {
    return make_error(Errc::invalid_argument,
                      "length: a code has " + std::to_string(kMinVoucherLength) + " to " +
                          std::to_string(kMaxVoucherLength) + " characters (got " +
                          std::to_string(r.code_length) + ")");
  }
  if (r.note.size() > 200) return make_error(Errc::invalid_argument, "note: at most 200 characters");
  return {};
}

}  // namespace

Result<Statement> prepare_ticket_insert(Connection& db) {
  return db.cached(
      "INSERT INTO tickets (code, plan_id, batch_id, state, issued_at) "
      "VALUES (?, ?, ?, 'issued', ?) ON CONFLICT (code) DO NOTHING");
}

std::string draw_voucher_code(StoreContext& ctx, std::size_t code_length) {
  std::lock_guard lock(ctx.random_mu);
  return generate_voucher_code(*ctx.random, code_length);
}

Result<Ticket> insert_ticket(Connection& db, StoreContext& ctx, std::int64_t plan_id,
                             std::optional<std::int64_t> batch_id, std::size_t code_length,
                             Statement& insert, std::string drawn) {
  Ticket t;
  t.plan_id = plan_id;
  t.batch_id = batch_id;
  t.issued_at = ctx.clock.wall_now();
  // A clash with an existing code is rare (31^7 codes at the default length); draw again.
  for (int attempt = 0; attempt < 16; ++attempt) {
    t.code = attempt == 0 && !drawn.empty() ? std::move(drawn) : draw_voucher_code(ctx, code_length);
    insert.reset();
    insert.bind(1, std::string_view(t.code)).bind(2, plan_id).bind(3, batch_id);
    insert.bind(4, static_cast<std::int64_t>(to_unix_seconds(t.issued_at)));
    if (auto s = insert.run(); !s) return s.error();
    if (db.changes() == 1) {
      t.id = db.last_insert_rowid();
      return t;
    }
  }
  return make_error(Errc::conflict, "could not find a free voucher code; use longer codes");
}

Result<VoucherBatch> Tickets::create_batch(const BatchRequest& request, std::string_view actor,
                                           std::vector<Ticket>& tickets) {
  if (auto v = validate_batch(request); !v) return v.error();
  std::int64_t batch_id = 0;
  std::vector<Ticket> made;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    made.clear();
    auto plan = db.cached("SELECT enabled, name FROM plans WHERE id = ?");
    if (!plan) return plan.error();
    plan->bind(1, request.plan_id);
    auto row = plan->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::not_found, "plan: no plan with id " + std::to_string(request.plan_id));
    if (plan->column_int(0) == 0) {
      return make_error(Errc::conflict, "plan: '" + plan->column_text(1) + "' is disabled; enable it first");
    }
    auto batch = db.cached(
        "INSERT INTO voucher_batches (plan_id, count, code_length, note, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!batch) return batch.error();
    batch->bind(1, request.plan_id).bind(2, request.count);
    batch->bind(3, static_cast<std::int64_t>(request.code_length)).bind(4, std::string_view(request.note));
    batch->bind(5, actor).bind(6, ctx_.now());
    if (auto s = batch->run(); !s) return s;
    batch_id = db.last_insert_rowid();
    auto insert = prepare_ticket_insert(db);
    if (!insert) return insert.error();
    made.reserve(static_cast<std::size_t>(request.count));
    for (std::int64_t i = 0; i < request.count; ++i) {
      auto t = insert_ticket(db, ctx_, request.plan_id, batch_id, request.code_length, *insert);
      if (!t) return t.error();
      made.push_back(std::move(*t));
    }
    return record_change(db, ctx_, {std::string(actor), "voucher.batch_created",
                                    "batch:" + std::to_string(batch_id),
                                    {{"plan_id", request.plan_id}, {"count", request.count}}});
  });
  if (!written) return written.error();
  tickets = std::move(made);
  return find_batch(batch_id);
}

Result<std::vector<VoucherBatch>> Tickets::list_batches() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(std::string(kBatchSelect) + "ORDER BY b.id");
  if (!stmt) return stmt.error();
  return collect_rows<VoucherBatch>(*stmt, batch_from_row);
}

Result<VoucherBatch> Tickets::find_batch(std::int64_t id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(std::string(kBatchSelect) + "WHERE b.id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto rows = collect_rows<VoucherBatch>(*stmt, batch_from_row);
  if (!rows) return rows.error();
  if (rows->empty()) return make_error(Errc::not_found, "no voucher batch " + std::to_string(id));
  return rows->front();
}

Result<std::vector<Ticket>> Tickets::list(const TicketFilter& filter) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT " + std::string(kTicketColumns) +
                             " FROM tickets WHERE (?1 IS NULL OR batch_id = ?1) "
                             "AND (?2 IS NULL OR state = ?2) ORDER BY id LIMIT ?3");
  if (!stmt) return stmt.error();
  stmt->bind(1, filter.batch_id);
  if (filter.state) stmt->bind(2, std::string_view(ticket_state_name(*filter.state)));
  else stmt->bind_null(2);
  stmt->bind(3, static_cast<std::int64_t>(filter.limit));
  return collect_rows<Ticket>(*stmt, ticket_from_row);
}

Result<Ticket> select_ticket(Connection& db, std::int64_t id) {
  auto stmt = db.cached("SELECT " + std::string(kTicketColumns) + " FROM tickets WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no ticket " + std::to_string(id));
  return ticket_from_row(*stmt);
}

Result<Ticket> Tickets::find(std::int64_t id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_ticket(**db, id);
}

Result<std::vector<Ticket>> Tickets::list_active() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  // Without INDEXED BY the planner walks the whole table in id order to spare itself a sort;
  // the partial index holds only the active tickets, a small share of a busy site's table.
  auto stmt = (*db)->cached("SELECT " + std::string(kTicketColumns) +
                             " FROM tickets INDEXED BY tickets_active WHERE state = 'active' "
                             "ORDER BY id");
  if (!stmt) return stmt.error();
  return collect_rows<Ticket>(*stmt, ticket_from_row);
}

Result<Ticket> Tickets::find_by_code(std::string_view typed_code) {
  auto code = normalize_voucher_code(typed_code);
  if (!code) return code.error();
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT " + std::string(kTicketColumns) + " FROM tickets WHERE code = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::string_view(*code));
  auto rows = collect_rows<Ticket>(*stmt, ticket_from_row);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return make_error(Errc::not_found, "no ticket with code " + format_voucher_code(*code));
  }
  return rows->front();
}

Result<Ticket> Tickets::revoke(std::string_view typed_code, std::string_view actor,
                               std::string_view reason) {
  auto found = find_by_code(typed_code);
  if (!found) return found;
  Ticket ticket = *found;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto current = db.cached("SELECT state FROM tickets WHERE id = ?");
    if (!current) return current.error();
    current->bind(1, ticket.id);
    if (auto row = current->step(); !row || !*row) return make_error(Errc::not_found, "ticket vanished");
    auto from = parse_ticket_state(current->column_text(0));
    if (!from) return from.error();
    auto next = transition(*from, TicketEvent::revoke);
    if (!next) return next.error();
    auto update = db.cached("UPDATE tickets SET state = 'revoked', ended_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, ctx_.now()).bind(2, ticket.id);
    if (auto s = update->run(); !s) return s;
    ticket.state = TicketState::revoked;
    ticket.ended_at = ctx_.clock.wall_now();
    return record_change(db, ctx_, {std::string(actor), "ticket.revoked", "ticket:" + ticket.code,
                                    {{"code", ticket.code}, {"reason", std::string(reason)},
                                     {"previous_state", ticket_state_name(*from)}}});
  });
  if (!written) return written.error();
  return ticket;
}

Result<Ticket> Tickets::activate(std::int64_t ticket_id, WallTime at, std::string_view actor) {
  const long long first_login = to_unix_seconds(at);
  Ticket ticket;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto current = select_ticket(db, ticket_id);
    if (!current) return current.error();
    ticket = std::move(*current);
    // A returning phone redeems the same code again: that is no change and no conflict.
    if (ticket.state == TicketState::active) return {};
    auto next = transition(ticket.state, TicketEvent::first_login);
    if (!next) return next.error();
    auto update =
        db.cached("UPDATE tickets SET state = 'active', first_login_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, static_cast<std::int64_t>(first_login)).bind(2, ticket_id);
    if (auto s = update->run(); !s) return s;
    ticket.state = *next;
    ticket.first_login_at = from_unix_seconds(first_login);  // as stored: whole seconds
    return record_change(db, ctx_, {std::string(actor), "ticket.activated", "ticket:" + ticket.code,
                                    {{"code", ticket.code}, {"first_login_at", first_login}}});
  });
  if (!written) return written.error();
  return ticket;
}

Result<Ticket> Tickets::end(std::int64_t ticket_id, TicketEvent event, std::string_view reason,
                            std::string_view actor) {
  if (event != TicketEvent::expire && event != TicketEvent::exhaust) {
    return make_error(Errc::invalid_argument,
                      std::string("event: a ticket ends on expire or exhaust, not ") +
                          ticket_event_name(event));
  }
  if (reason.size() > 200) {
    return make_error(Errc::invalid_argument, "reason: at most 200 characters");
  }
  const TicketState target =
      event == TicketEvent::expire ? TicketState::expired : TicketState::exhausted;
  Ticket ticket;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto current = select_ticket(db, ticket_id);
    if (!current) return current.error();
    ticket = std::move(*current);
    // The expiry sweep and the usage poll may both decide to end the same ticket.
    if (ticket.state == target) return {};
    const TicketState from = ticket.state;
    auto next = transition(from, event);
    if (!next) return next.error();
    auto update = db.cached("UPDATE tickets SET state = ?, ended_at = ? WHERE id = ?");
    if (!update) return update.error();
    const long long ended_at = ctx_.now();
    update->bind(1, std::string_view(ticket_state_name(*next)));
    update->bind(2, static_cast<std::int64_t>(ended_at)).bind(3, ticket_id);
    if (auto s = update->run(); !s) return s;
    ticket.state = *next;
    ticket.ended_at = from_unix_seconds(ended_at);
    return record_change(db, ctx_,
                         {std::string(actor), std::string("ticket.") + ticket_state_name(*next),
                          "ticket:" + ticket.code,
                          {{"code", ticket.code}, {"reason", std::string(reason)},
                           {"previous_state", ticket_state_name(from)}}});
  });
  if (!written) return written.error();
  return ticket;
}

Result<Ticket> Tickets::raise_usage(std::int64_t ticket_id, std::int64_t used_seconds,
                                    std::uint64_t used_bytes) {
  if (used_seconds < 0 || used_seconds > kMaxSessionUptimeS ||
      used_bytes > static_cast<std::uint64_t>(kMaxSessionBytes)) {
    return make_error(Errc::invalid_argument, "usage: counters out of range");
  }
  Ticket ticket;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto update = db.cached(
        "UPDATE tickets SET used_seconds = max(used_seconds, ?), used_bytes = max(used_bytes, ?) "
        "WHERE id = ? AND state = 'active'");
    if (!update) return update.error();
    update->bind(1, used_seconds).bind(2, static_cast<std::int64_t>(used_bytes)).bind(3, ticket_id);
    if (auto s = update->run(); !s) return s;
    auto current = select_ticket(db, ticket_id);
    if (!current) return current.error();
    ticket = std::move(*current);
    return {};
  });
  if (!written) return written.error();
  return ticket;
}

}  // namespace hotspot::storage
