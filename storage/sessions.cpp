#include "storage/sessions.h"

#include <arpa/inet.h>

#include "storage/context.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kColumns =
    "id, ticket_id, mac, ip, router_session_id, started_at, ended_at, uptime_s, bytes_in, "
    "bytes_out, end_cause";

Error field_error(std::string_view field, const std::string& why) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + why);
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

Status validate_ip(std::string_view ip) {
  unsigned char buffer[16];
  const std::string text(ip);
  // inet_pton stops at a NUL byte: "10.0.0.1\0junk" would pass and be stored whole.
  if (ip.size() > 45 || ip.find('\0') != std::string_view::npos || (::inet_pton(AF_INET, text.c_str(), buffer) != 1 &&
                         ::inet_pton(AF_INET6, text.c_str(), buffer) != 1)) {
    return field_error("ip", "not an IPv4 or IPv6 address");
  }
  return {};
}

Status validate_router_id(const std::optional<std::string>& id) {
  if (!id) return {};
  bool ok = !id->empty() && id->size() <= 64;
  for (char c : *id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '*' || c == '_' || c == '-' || c == '.');
  }
  if (!ok) {
    return field_error("router_session_id", "use 1 to 64 letters, digits, '*', '_', '-' or '.'");
  }
  return {};
}

Session session_from_row(const Statement& r) {
  Session s;
  s.id = r.column_int(0);
  s.ticket_id = r.column_int(1);
  s.mac = r.column_text(2);
  s.ip = r.column_text(3);
  s.router_session_id = r.column_optional_text(4);
  s.started_at = r.column_int(5);
  if (auto v = r.column_optional_int(6)) s.ended_at = *v;
  s.uptime_s = r.column_int(7);
  s.bytes_in = r.column_int(8);
  s.bytes_out = r.column_int(9);
  s.end_cause = r.column_optional_text(10);
  return s;
}

nlohmann::json session_json(const Session& s) {
  return {{"id", s.id},
          {"ticket_id", s.ticket_id},
          {"mac", s.mac},
          {"ip", s.ip},
          {"router_session_id",
           s.router_session_id ? nlohmann::json(*s.router_session_id) : nlohmann::json(nullptr)},
          {"started_at", s.started_at},
          {"ended_at", s.ended_at ? nlohmann::json(*s.ended_at) : nlohmann::json(nullptr)},
          {"uptime_s", s.uptime_s},
          {"bytes_in", s.bytes_in},
          {"bytes_out", s.bytes_out},
          {"end_cause", s.end_cause ? nlohmann::json(*s.end_cause) : nlohmann::json(nullptr)}};
}

Result<std::vector<Session>> collect(Statement& stmt) {
  return collect_rows<Session>(stmt, session_from_row);
}

Status check_can_open(Connection& db, const Session& s) {
  auto ticket = db.cached("SELECT 1 FROM tickets WHERE id = ?");
  if (!ticket) return ticket.error();
  ticket->bind(1, s.ticket_id);
  auto row = ticket->step();
  if (!row) return row.error();
  if (!*row)
    return make_error(Errc::not_found, "ticket_id: no ticket " + std::to_string(s.ticket_id));
  if (!s.router_session_id) return {};
  auto open = select_open_session(db, *s.router_session_id);
  if (!open) return open.error();
  if (*open) {
    return make_error(Errc::conflict, "router_session_id: session " +
                                          std::to_string((*open)->id) + " is already open for " +
                                          *s.router_session_id);
  }
  return {};
}

Status insert_session(Connection& db, Session& s) {
  auto insert = db.cached(
      "INSERT INTO sessions (ticket_id, mac, ip, router_session_id, started_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, s.ticket_id).bind(2, std::string_view(s.mac)).bind(3, std::string_view(s.ip));
  insert->bind(4, s.router_session_id).bind(5, static_cast<std::int64_t>(s.started_at));
  if (auto st = insert->run(); !st) return st;
  s.id = db.last_insert_rowid();
  return {};
}

Error closed_error(const Session& s) {
  return make_error(Errc::conflict, "session " + std::to_string(s.id) + " is already closed");
}

}  // namespace

Result<std::string> normalize_mac(std::string_view text) {
  std::string out;
  bool ok = text.size() == 17;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      ok = c == ':' || c == '-';
      out.push_back(':');
    } else {
      ok = is_hex(c);
      out.push_back(c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c);
    }
  }
  if (!ok) return field_error("mac", "use six hex pairs such as AA:BB:CC:DD:EE:FF");
  return out;
}

Result<Session> new_session(std::int64_t ticket_id, std::string_view mac, std::string_view ip,
                            std::optional<std::string> router_session_id) {
  auto normal_mac = normalize_mac(mac);
  if (!normal_mac) return normal_mac.error();
  if (auto v = validate_ip(ip); !v) return v.error();
  if (auto v = validate_router_id(router_session_id); !v) return v.error();
  Session s;
  s.ticket_id = ticket_id;
  s.mac = std::move(*normal_mac);
  s.ip = std::string(ip);
  s.router_session_id = std::move(router_session_id);
  return s;
}

Status validate_end_cause(std::string_view cause) {
  bool ok = !cause.empty() && cause.size() <= 64;
  for (unsigned char c : cause) ok = ok && c >= 0x20 && c < 0x7f;
  if (!ok) return field_error("cause", "use 1 to 64 printable characters");
  return {};
}

Status insert_open_session(Connection& db, StoreContext& ctx, Session& s, std::string_view actor) {
  if (auto v = check_can_open(db, s); !v) return v;
  s.started_at = ctx.now();
  if (auto v = insert_session(db, s); !v) return v;
  return record_change(
      db, ctx,
      {std::string(actor), "session.opened", "session:" + std::to_string(s.id), session_json(s)});
}

Status close_open_session(Connection& db, StoreContext& ctx, Session& s, std::string_view cause,
                          std::string_view actor) {
  if (auto v = validate_end_cause(cause); !v) return v;
  if (!s.is_open()) return closed_error(s);
  s.ended_at = ctx.now();
  s.end_cause = std::string(cause);
  auto update = db.cached("UPDATE sessions SET ended_at = ?, end_cause = ? WHERE id = ?");
  if (!update) return update.error();
  update->bind(1, static_cast<std::int64_t>(*s.ended_at)).bind(2, cause).bind(3, s.id);
  if (auto v = update->run(); !v) return v;
  return record_change(
      db, ctx,
      {std::string(actor), "session.closed", "session:" + std::to_string(s.id), session_json(s)});
}

Result<Session> select_session(Connection& db, std::int64_t id) {
  auto stmt = db.cached("SELECT " + std::string(kColumns) + " FROM sessions WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no session with id " + std::to_string(id));
  return session_from_row(*stmt);
}

Result<std::optional<Session>> select_open_session(Connection& db,
                                                   std::string_view router_session_id) {
  // Scans the partial index of open sessions: a few hundred rows at most, however long the
  // history, so the router id needs no index of its own.
  auto stmt = db.cached("SELECT " + std::string(kColumns) +
                        " FROM sessions WHERE router_session_id = ? AND ended_at IS NULL "
                        "ORDER BY id DESC LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, router_session_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Session>();
  return std::optional<Session>(session_from_row(*stmt));
}

Result<Session> Sessions::open(std::int64_t ticket_id, std::string_view mac, std::string_view ip,
                               std::optional<std::string> router_session_id,
                               std::string_view actor) {
  auto checked = new_session(ticket_id, mac, ip, std::move(router_session_id));
  if (!checked) return checked.error();
  Session s;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    s = *checked;  // afresh each run: the writer may run a job twice
    return insert_open_session(db, ctx_, s, actor);
  });
  if (!written) return written.error();
  return s;
}

Status Sessions::update_counters(std::int64_t id, std::int64_t uptime_s, std::int64_t bytes_in,
                                 std::int64_t bytes_out) {
  if (uptime_s < 0 || bytes_in < 0 || bytes_out < 0) {
    return field_error("counters", "uptime and byte counts cannot be negative");
  }
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto current = select_session(db, id);
    if (!current) return current.error();
    if (!current->is_open()) return closed_error(*current);
    auto update =
        db.cached("UPDATE sessions SET uptime_s = ?, bytes_in = ?, bytes_out = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, uptime_s).bind(2, bytes_in).bind(3, bytes_out).bind(4, id);
    return update->run();
  });
}

Result<Session> Sessions::close(std::int64_t id, std::string_view cause, std::string_view actor) {
  if (auto v = validate_end_cause(cause); !v) return v.error();
  Session s;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto current = select_session(db, id);
    if (!current) return current.error();
    s = std::move(*current);
    return close_open_session(db, ctx_, s, cause, actor);
  });
  if (!written) return written.error();
  return s;
}

Result<Session> Sessions::find(std::int64_t id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_session(**db, id);
}

Result<std::vector<Session>> Sessions::list_open() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->prepare("SELECT " + std::string(kColumns) +
                             " FROM sessions WHERE ended_at IS NULL ORDER BY id");
  if (!stmt) return stmt.error();
  return collect(*stmt);
}

Result<std::vector<Session>> Sessions::for_ticket(std::int64_t ticket_id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->prepare("SELECT " + std::string(kColumns) +
                             " FROM sessions WHERE ticket_id = ? ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, ticket_id);
  return collect(*stmt);
}

Result<std::optional<Session>> Sessions::find_open_by_router_id(
    std::string_view router_session_id) {
  if (auto v = validate_router_id(std::string(router_session_id)); !v) return v.error();
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_open_session(**db, router_session_id);
}

Result<std::vector<Session>> Sessions::recent_for_mac(std::string_view mac, int limit) {
  auto normal_mac = normalize_mac(mac);
  if (!normal_mac) return normal_mac.error();
  if (limit < 1 || limit > 1000) return field_error("limit", "must be between 1 and 1000");
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  // By id, the order the books opened them in, which a clock set at boot cannot reorder.
  auto stmt = (*db)->cached("SELECT " + std::string(kColumns) +
                             " FROM sessions WHERE mac = ? ORDER BY id DESC LIMIT ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::string_view(*normal_mac)).bind(2, static_cast<std::int64_t>(limit));
  return collect(*stmt);
}

}  // namespace hotspot::storage
