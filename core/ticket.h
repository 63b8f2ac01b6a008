#pragma once
// A ticket is one sold or printed right to use a plan. Its lifecycle is a pure state machine:
//
//   issued --first_login--> active --expire--> expired
//     |                       |------exhaust--> exhausted
//     +------revoke-----------+------revoke---> revoked
//
// An unused voucher may also be revoked or, when its batch has a shelf life, expire unused.
// The three end states are final.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace hotspot {

enum class TicketState { issued, active, expired, exhausted, revoked };
enum class TicketEvent { first_login, expire, exhaust, revoke };

const char* ticket_state_name(TicketState state);  // "issued", "active", ...
Result<TicketState> parse_ticket_state(std::string_view text);
const char* ticket_event_name(TicketEvent event);

bool is_final(TicketState state);

// The next state, or a conflict error that names the state and the event
// ("a revoked ticket cannot be activated").
Result<TicketState> transition(TicketState from, TicketEvent event);

struct Ticket {
  std::int64_t id = 0;
  std::string code;  // the normalised voucher code
  std::int64_t plan_id = 0;
  std::optional<std::int64_t> batch_id;
  TicketState state = TicketState::issued;
  WallTime issued_at{};
  std::optional<WallTime> first_login_at;
  std::optional<WallTime> ended_at;
  std::int64_t used_seconds = 0;
  std::uint64_t used_bytes = 0;
};

}  // namespace hotspot
