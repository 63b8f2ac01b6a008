#pragma once
// M-PESA payments as the books keep them: one row per STK push, the raw Daraja messages that
// concern it (payment_events), and the states it went through. The ledger rules (when to push,
// when to query, what a callback means) live in payments/; this is where their outcome is kept.
//
// States: initiated -> pending -> paid | failed | unknown. `paid` is final: once the books say a
// customer's money was taken, no later message can take it back (a paid payment may only have
// facts filled in that were still missing, such as the ticket it bought). A `failed` payment may
// still turn out paid (a late success callback after a timeout); nothing returns to `initiated`.
//
// Phone numbers are personal data: the audit log and the outbox carry them masked
// ("2547****5678"), because an append-only log can never be cleaned later; the payments row keeps
// the full number for the receipt and for support. Nothing here writes to the Logger.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotspot::storage {

struct StoreContext;

enum class PaymentState { initiated, pending, paid, failed, unknown };
const char* payment_state_name(PaymentState state);
Result<PaymentState> parse_payment_state(std::string_view text);

struct Payment {
  std::int64_t id = 0;
  std::optional<std::string> checkout_request_id;  // Daraja CheckoutRequestID, unique
  std::string merchant_request_id;                 // empty until Daraja answers the push
  std::optional<std::string> receipt;              // MpesaReceiptNumber, unique; set when paid
  std::string phone;                               // MSISDN, 2547XXXXXXXX or 2541XXXXXXXX
  std::int64_t amount_kes = 0;
  std::int64_t plan_id = 0;
  PaymentState state = PaymentState::initiated;
  std::optional<std::int64_t> ticket_id;  // the ticket this payment bought
  std::string result_code;                // Daraja ResultCode, empty until known
  std::string result_desc;
  std::string callback_secret;  // 32 hex characters, drawn at creation
  std::string purchase_key;     // 32 hex characters, drawn at creation
  std::string device_mac;       // "AA:BB:CC:DD:EE:FF" or empty
  std::string device_ip;        // dotted IPv4 or empty
  long long created_at = 0;
  long long updated_at = 0;

  bool operator==(const Payment&) const = default;
};

struct PaymentDraft {
  std::optional<std::string> checkout_request_id;
  std::string merchant_request_id;
  std::string phone;  // any form parse_kenyan_phone accepts; stored as the MSISDN
  std::int64_t amount_kes = 0;
  std::int64_t plan_id = 0;
  PaymentState state = PaymentState::initiated;  // initiated or pending
  std::string device_mac;  // optional; upper-case "AA:BB:CC:DD:EE:FF" once stored
  std::string device_ip;   // optional; dotted IPv4
};

// What a state change may also set; an absent field keeps its stored value.
struct PaymentUpdate {
  std::optional<std::string> checkout_request_id;
  std::optional<std::string> merchant_request_id;
  std::optional<std::string> receipt;
  std::optional<std::int64_t> amount_kes;
  std::optional<std::int64_t> ticket_id;
  std::optional<std::string> result_code;
  std::optional<std::string> result_desc;
};

// A raw message about a payment (STK push answer, callback, query result), kept verbatim.
struct PaymentEvent {
  std::int64_t id = 0;
  std::optional<std::int64_t> payment_id;  // empty for a callback that matched no payment
  std::string kind;                        // "stk_push", "callback", "query", ...
  std::string payload;
  long long received_at = 0;
};

inline constexpr std::size_t kMaxEventPayload = 64 * 1024;

class Payments {
 public:
  explicit Payments(StoreContext& ctx) : ctx_(ctx) {}

  // Errors: invalid_argument naming the field (phone, amount_kes, state, ids), not_found (plan),
  // already_exists (a payment with this CheckoutRequestID exists: a retry, not a new payment).
  Result<Payment> create(const PaymentDraft& draft, std::string_view actor);
  Result<Payment> find(std::int64_t id);
  Result<Payment> find_by_checkout(std::string_view checkout_request_id);
  Result<Payment> find_by_receipt(std::string_view receipt);
  Result<Payment> find_by_purchase_key(std::string_view purchase_key);
  // Newest first; limit 1 to 10,000.
  Result<std::vector<Payment>> list(int limit);
  // The payments of one phone (any form parse_kenyan_phone accepts) created at or after
  // `since` (unix seconds), newest first, at most 100.
  Result<std::vector<Payment>> for_phone(std::string_view phone, long long since);
  // What the daemon must still finish, oldest first: payments created at or after `since` that
  // are initiated, pending or unknown, and every payment whose ticket is still to be issued
  // (paid, or pending with a query's ResultCode "0", and no ticket) however old.
  Result<std::vector<Payment>> unfinished(long long since);

  // Moves the payment to `next` and applies `fields`; a repeat of what is stored (a duplicate
  // callback) writes nothing and returns the payment. Errors: conflict (leaving paid, changing a
  // fact a paid payment already has, a move the rules above forbid), invalid_argument (paid
  // without a receipt, amount not 1..250,000, malformed ids), already_exists (the receipt or
  // CheckoutRequestID belongs to another payment), not_found (payment, ticket).
  Result<Payment> update_state(std::int64_t id, PaymentState next, const PaymentUpdate& fields,
                               std::string_view actor);

  // Keeps a raw message for audit. kind: 1 to 32 of a-z, 0-9, '_', '.', '-';
  // payload: at most kMaxEventPayload bytes. Returns the event id.
  Result<std::int64_t> add_event(std::optional<std::int64_t> payment_id, std::string_view kind,
                                 std::string_view raw_payload, std::string_view actor);
  // Oldest first.
  Result<std::vector<PaymentEvent>> events(std::int64_t payment_id);

 private:
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
