#pragma once
// Router sessions as the books saw them: one row per hotspot login on the router, opened when
// the router reports it, counters refreshed while it lasts, closed with the router's end cause.
// The router is the truth for live sessions; these rows are what reconciliation and reports use.
//
// Opening and closing are changes to the books (audited, queued for sync). Counter refreshes are
// not: they arrive every few seconds per session and would drown the audit log.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

struct StoreContext;

struct Session {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::string mac;  // "AA:BB:CC:DD:EE:FF"
  std::string ip;
  std::optional<std::string> router_session_id;  // RouterOS ".id", e.g. "*1A"
  long long started_at = 0;
  std::optional<long long> ended_at;
  std::int64_t uptime_s = 0;
  std::int64_t bytes_in = 0;
  std::int64_t bytes_out = 0;
  std::optional<std::string> end_cause;

  bool is_open() const { return !ended_at.has_value(); }
};

class Sessions {
 public:
  explicit Sessions(StoreContext& ctx) : ctx_(ctx) {}

  // mac: six hex pairs separated by ':' or '-' (stored upper case with ':'); ip: IPv4 or IPv6;
  // router_session_id: 1 to 64 of letters, digits, '*', '_', '-', '.'.
  // Errors: invalid_argument naming the field, not_found (ticket), conflict (an open session
  // with this router session id exists).
  Result<Session> open(std::int64_t ticket_id, std::string_view mac, std::string_view ip,
                       std::optional<std::string> router_session_id, std::string_view actor);
  // Counters as the router reports them (non-negative). Errors: not_found, conflict (closed).
  Status update_counters(std::int64_t id, std::int64_t uptime_s, std::int64_t bytes_in,
                         std::int64_t bytes_out);
  // cause: 1 to 64 printable characters ("session timeout", "kicked"). Closing twice is a
  // conflict.
  Result<Session> close(std::int64_t id, std::string_view cause, std::string_view actor);

  Result<Session> find(std::int64_t id);
  Result<std::vector<Session>> list_open();
  Result<std::vector<Session>> for_ticket(std::int64_t ticket_id);
  // The open session the router knows by this id, if any.
  Result<std::optional<Session>> find_open_by_router_id(std::string_view router_session_id);
  // The device's sessions, newest first (mac in any accepted form); limit: 1 to 1000.
  Result<std::vector<Session>> recent_for_mac(std::string_view mac, int limit);

 private:
  StoreContext& ctx_;
};

// "aa-bb-cc-dd-ee-ff" -> "AA:BB:CC:DD:EE:FF"; invalid_argument naming "mac" otherwise.
Result<std::string> normalize_mac(std::string_view text);

// The pieces of open() and close() that the usage poll runs many times in one transaction.
//
// A session not yet stored, its fields checked and normalised as open() does.
Result<Session> new_session(std::int64_t ticket_id, std::string_view mac, std::string_view ip,
                            std::optional<std::string> router_session_id);
// A close cause as close() accepts it.
Status validate_end_cause(std::string_view cause);
// Inside a write transaction: stores `s` (from new_session) as opened now, audited
// "session.opened". Errors as open(): not_found (ticket), conflict (router id already open).
Status insert_open_session(Connection& db, StoreContext& ctx, Session& s, std::string_view actor);
// Inside a write transaction: closes the open session `s` now with `cause` (validated), keeping
// its counters; audited "session.closed".
Status close_open_session(Connection& db, StoreContext& ctx, Session& s, std::string_view cause,
                          std::string_view actor);
Result<Session> select_session(Connection& db, std::int64_t id);
Result<std::optional<Session>> select_open_session(Connection& db,
                                                   std::string_view router_session_id);

}  // namespace hotspot::storage
