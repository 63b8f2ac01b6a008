#pragma once
// Tickets and the voucher batches they are printed in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/ticket.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

struct StoreContext;

inline constexpr std::int64_t kMaxBatchSize = 100'000;

struct VoucherBatch {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_name;
  std::int64_t count = 0;
  int code_length = 0;
  std::string note;
  std::string created_by;
  long long created_at = 0;
  std::int64_t unused = 0;  // tickets still issued
  std::int64_t active = 0;
  std::int64_t ended = 0;   // expired, exhausted or revoked
};

struct BatchRequest {
  std::int64_t plan_id = 0;
  std::int64_t count = 0;  // 1 to kMaxBatchSize
  std::size_t code_length = 8;
  std::string note;
};

struct TicketFilter {
  std::optional<std::int64_t> batch_id;
  std::optional<TicketState> state;
  int limit = 1000;
};

class Tickets {
 public:
  explicit Tickets(StoreContext& ctx) : ctx_(ctx) {}

  // Generates `count` fresh codes for an enabled plan in one transaction; the batch and every
  // ticket are committed together or not at all. The codes come back through `tickets`.
  Result<VoucherBatch> create_batch(const BatchRequest& request, std::string_view actor,
                                    std::vector<Ticket>& tickets);
  Result<std::vector<VoucherBatch>> list_batches();
  Result<VoucherBatch> find_batch(std::int64_t id);

  Result<std::vector<Ticket>> list(const TicketFilter& filter);
  // Accepts a code as typed (any case, spaces, dashes); a typo is told apart from an unknown code.
  Result<Ticket> find_by_code(std::string_view typed_code);
  Result<Ticket> find(std::int64_t id);
  // Ends an unused or active ticket; a ticket that already ended is a conflict.
  Result<Ticket> revoke(std::string_view typed_code, std::string_view actor,
                        std::string_view reason);

  // issued -> active with first_login_at = `at` (audited "ticket.activated"). An active ticket
  // comes back unchanged (a second redemption is harmless). An ended ticket: conflict, with the
  // state machine's message ("an expired ticket cannot be activated").
  Result<Ticket> activate(std::int64_t ticket_id, WallTime at, std::string_view actor);
  // Ends an active ticket: event expire or exhaust only (invalid_argument otherwise); audited
  // "ticket.expired"/"ticket.exhausted" with the reason (at most 200 characters); ended_at = now.
  // Ending it again with the same event returns it unchanged; any other ended state: conflict.
  // The state machine decides the rest: an unused ticket may expire (its batch's shelf life ran
  // out) but cannot be exhausted.
  Result<Ticket> end(std::int64_t ticket_id, TicketEvent event, std::string_view reason,
                     std::string_view actor);
  // Raises an active ticket's recorded use to at least these figures, never lowering it: the
  // router's own counters for the ticket's user include the last seconds of a session that
  // ended between two polls. Not audited, as session counters are not. Other states unchanged.
  // Errors: invalid_argument (negative or past the poll's bounds), not_found.
  Result<Ticket> raise_usage(std::int64_t ticket_id, std::int64_t used_seconds,
                             std::uint64_t used_bytes);
  // Every active ticket, by id.
  Result<std::vector<Ticket>> list_active();

 private:
  StoreContext& ctx_;
};

// Inside a write transaction: a new ticket with a fresh unique code. Used by batches and sales.
// `drawn`, when not empty, is the first code to try: a caller may draw it before its job reaches
// the writer thread, which then only draws again on the rare clash.
Result<Ticket> insert_ticket(Connection& db, StoreContext& ctx, std::int64_t plan_id,
                             std::optional<std::int64_t> batch_id, std::size_t code_length,
                             Statement& insert, std::string drawn = {});
// A fresh code from the store's random source, on any thread.
std::string draw_voucher_code(StoreContext& ctx, std::size_t code_length);
// The prepared INSERT that insert_ticket runs; prepare once per transaction.
Result<Statement> prepare_ticket_insert(Connection& db);
// The ticket as `db` sees it (inside a write transaction, its uncommitted state); not_found.
Result<Ticket> select_ticket(Connection& db, std::int64_t id);

}  // namespace hotspot::storage
