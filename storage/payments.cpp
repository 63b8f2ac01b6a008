#include "storage/payments.h"

#include <arpa/inet.h>

#include "core/money.h"
#include "core/phone.h"
#include "storage/context.h"
#include "storage/sessions.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kColumns =
    "id, checkout_request_id, merchant_request_id, receipt, phone, amount_kes, plan_id, state, "
    "ticket_id, result_code, result_desc, callback_secret, purchase_key, device_mac, device_ip, "
    "created_at, updated_at";

// Bytes of randomness in a callback secret and a purchase key: 128 bits, as hex.
constexpr std::size_t kSecretBytes = 16;

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxDescLength = 512;

Error field_error(std::string_view field, const std::string& why) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + why);
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// Daraja identifiers (ws_CO_..., 29115-34620561-1, NLJ7RT61SV) and result codes (0, 1032,
// 500.001.1001): short words that later reach SQL parameters, logs and the registry.
Status validate_word(std::string_view field, std::string_view value, bool allow_empty) {
  if (value.empty()) return allow_empty ? Status{} : field_error(field, "must not be empty");
  bool ok = value.size() <= kMaxIdLength;
  for (char c : value) ok = ok && is_id_char(c);
  if (!ok) {
    return field_error(
        field, "use at most " + std::to_string(kMaxIdLength) + " letters, digits, '_', '-' or '.'");
  }
  return {};
}

Status validate_desc(std::string_view value) {
  if (value.size() > kMaxDescLength) {
    return field_error("result_desc", "at most " + std::to_string(kMaxDescLength) + " bytes");
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f)
      return field_error("result_desc", "must not contain control characters");
  }
  return {};
}

Status validate_amount(std::int64_t amount) {
  if (amount < kMinPriceKes || amount > kMaxPriceKes) {
    return field_error("amount_kes", "must be between " + std::to_string(kMinPriceKes) + " and " +
                                         std::to_string(kMaxPriceKes) + " shillings (got " +
                                         std::to_string(amount) + ")");
  }
  return {};
}

Status validate_update(const PaymentUpdate& f) {
  if (f.checkout_request_id) {
    if (auto s = validate_word("checkout_request_id", *f.checkout_request_id, false); !s) return s;
  }
  if (f.merchant_request_id) {
    if (auto s = validate_word("merchant_request_id", *f.merchant_request_id, true); !s) return s;
  }
  if (f.receipt) {
    if (auto s = validate_word("receipt", *f.receipt, false); !s) return s;
  }
  if (f.result_code) {
    if (auto s = validate_word("result_code", *f.result_code, true); !s) return s;
  }
  if (f.result_desc) {
    if (auto s = validate_desc(*f.result_desc); !s) return s;
  }
  if (f.amount_kes) return validate_amount(*f.amount_kes);
  return {};
}

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Payment payment_from_row(const Statement& r) {
  Payment p;
  p.id = r.column_int(0);
  p.checkout_request_id = r.column_optional_text(1);
  p.merchant_request_id = r.column_text(2);
  p.receipt = r.column_optional_text(3);
  p.phone = r.column_text(4);
  p.amount_kes = r.column_int(5);
  p.plan_id = r.column_int(6);
  auto state = parse_payment_state(r.column_text(7));
  p.state = state ? *state : PaymentState::unknown;
  p.ticket_id = r.column_optional_int(8);
  p.result_code = r.column_text(9);
  p.result_desc = r.column_text(10);
  p.callback_secret = r.column_text(11);
  p.purchase_key = r.column_text(12);
  p.device_mac = r.column_text(13);
  p.device_ip = r.column_text(14);
  p.created_at = r.column_int(15);
  p.updated_at = r.column_int(16);
  return p;
}

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// What the audit log and the outbox keep: everything but the full phone number.
nlohmann::json payment_json(const Payment& p) {
  return {{"id", p.id},
          {"checkout_request_id", optional_json(p.checkout_request_id)},
          {"merchant_request_id", p.merchant_request_id},
          {"receipt", optional_json(p.receipt)},
          {"phone", mask_phone(PhoneNumber{p.phone})},
          {"amount_kes", p.amount_kes},
          {"plan_id", p.plan_id},
          {"state", payment_state_name(p.state)},
          {"ticket_id", p.ticket_id ? nlohmann::json(*p.ticket_id) : nlohmann::json(nullptr)},
          {"result_code", p.result_code},
          {"result_desc", p.result_desc}};
}

Result<Payment> select_one(Connection& db, std::string_view where, auto bind,
                           const std::string& missing) {
  auto stmt =
      db.prepare("SELECT " + std::string(kColumns) + " FROM payments WHERE " + std::string(where));
  if (!stmt) return stmt.error();
  bind(*stmt);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, missing);
  return payment_from_row(*stmt);
}

Result<Payment> select_by_id(Connection& db, std::int64_t id) {
  return select_one(
      db, "id = ?", [id](Statement& s) { s.bind(1, id); },
      "no payment with id " + std::to_string(id));
}

// Refuses `value` in the unique column `column` when another payment already holds it.
template <class Value>
Status refuse_if_taken(Connection& db, std::string_view column, Value value, std::int64_t self,
                       const std::string& message) {
  auto stmt =
      db.prepare("SELECT 1 FROM payments WHERE " + std::string(column) + " = ? AND id != ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, value).bind(2, self);
  auto row = stmt->step();
  if (!row) return row.error();
  if (*row) return make_error(Errc::already_exists, message);
  return {};
}

Status require_row(Connection& db, std::string_view sql, std::int64_t id, Error missing) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return missing;
  return {};
}

// The unique columns, checked first so that the error names the field.
Status check_unique(Connection& db, const Payment& p) {
  Status s;
  if (p.checkout_request_id) {
    s = refuse_if_taken(
        db, "checkout_request_id", std::string_view(*p.checkout_request_id), p.id,
        "checkout_request_id: a payment with this CheckoutRequestID already exists");
  }
  if (s && p.receipt) {
    s = refuse_if_taken(db, "receipt", std::string_view(*p.receipt), p.id,
                        "receipt: M-PESA receipt " + *p.receipt + " belongs to another payment");
  }
  if (s && p.ticket_id) {
    s = refuse_if_taken(db, "ticket_id", *p.ticket_id, p.id,
                        "ticket_id: the ticket belongs to another payment");
  }
  return s;
}

bool move_allowed(PaymentState from, PaymentState to) {
  if (from == PaymentState::paid) return to == PaymentState::paid;
  if (to == PaymentState::initiated) return from == PaymentState::initiated;
  if (from == PaymentState::failed) return to == PaymentState::failed || to == PaymentState::paid;
  return true;
}

// A paid payment keeps every fact it has; only missing ones may be filled in.
Error paid_fact_error(std::int64_t id, std::string_view field) {
  return make_error(Errc::conflict, "payment " + std::to_string(id) + " is paid; its " +
                                        std::string(field) + " cannot change");
}

template <class T>
Status fill_fact(std::int64_t id, std::string_view field, std::optional<T>& stored,
                 const std::optional<T>& given) {
  if (!given) return {};
  if (stored && *stored != *given) return paid_fact_error(id, field);
  stored = given;
  return {};
}

Status fill_text(std::int64_t id, std::string_view field, std::string& stored,
                 const std::optional<std::string>& given) {
  if (!given) return {};
  if (!stored.empty() && stored != *given) return paid_fact_error(id, field);
  stored = *given;
  return {};
}

Status merge_paid(Payment& p, const PaymentUpdate& f) {
  if (f.amount_kes && *f.amount_kes != p.amount_kes) return paid_fact_error(p.id, "amount");
  Status s = fill_fact(p.id, "checkout_request_id", p.checkout_request_id, f.checkout_request_id);
  if (s) s = fill_fact(p.id, "receipt", p.receipt, f.receipt);
  if (s) s = fill_fact(p.id, "ticket", p.ticket_id, f.ticket_id);
  if (s) s = fill_text(p.id, "merchant_request_id", p.merchant_request_id, f.merchant_request_id);
  if (s) s = fill_text(p.id, "result_code", p.result_code, f.result_code);
  if (s) s = fill_text(p.id, "result_desc", p.result_desc, f.result_desc);
  return s;
}

template <class T>
void set_if(T& stored, const std::optional<T>& given) {
  if (given) stored = *given;
}

Status apply_update(Payment& p, PaymentState next, const PaymentUpdate& f) {
  if (!move_allowed(p.state, next)) {
    return make_error(Errc::conflict, "payment " + std::to_string(p.id) + " is " +
                                          payment_state_name(p.state) + " and cannot become " +
                                          payment_state_name(next));
  }
  if (p.state == PaymentState::paid) {
    if (auto s = merge_paid(p, f); !s) return s;
  } else {
    if (f.checkout_request_id) p.checkout_request_id = f.checkout_request_id;
    if (f.receipt) p.receipt = f.receipt;
    if (f.ticket_id) p.ticket_id = f.ticket_id;
    set_if(p.merchant_request_id, f.merchant_request_id);
    set_if(p.amount_kes, f.amount_kes);
    set_if(p.result_code, f.result_code);
    set_if(p.result_desc, f.result_desc);
  }
  if (next == PaymentState::paid && !p.receipt) {
    return field_error("receipt", "a paid payment needs its M-PESA receipt number");
  }
  p.state = next;
  return {};
}

Status store_update(Connection& db, const Payment& p) {
  auto update = db.prepare(
      "UPDATE payments SET checkout_request_id = ?, merchant_request_id = ?, receipt = ?, "
      "amount_kes = ?, state = ?, ticket_id = ?, result_code = ?, result_desc = ?, "
      "updated_at = ? WHERE id = ?");
  if (!update) return update.error();
  update->bind(1, p.checkout_request_id).bind(2, null_if_empty(p.merchant_request_id));
  update->bind(3, p.receipt).bind(4, p.amount_kes);
  update->bind(5, std::string_view(payment_state_name(p.state))).bind(6, p.ticket_id);
  update->bind(7, null_if_empty(p.result_code)).bind(8, null_if_empty(p.result_desc));
  update->bind(9, static_cast<std::int64_t>(p.updated_at)).bind(10, p.id);
  return update->run();
}

Status insert_payment(Connection& db, Payment& p) {
  auto insert = db.prepare(
      "INSERT INTO payments (checkout_request_id, merchant_request_id, phone, amount_kes, "
      "plan_id, state, callback_secret, purchase_key, device_mac, device_ip, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, p.checkout_request_id).bind(2, null_if_empty(p.merchant_request_id));
  insert->bind(3, std::string_view(p.phone)).bind(4, p.amount_kes).bind(5, p.plan_id);
  insert->bind(6, std::string_view(payment_state_name(p.state)));
  insert->bind(7, std::string_view(p.callback_secret)).bind(8, std::string_view(p.purchase_key));
  insert->bind(9, null_if_empty(p.device_mac)).bind(10, null_if_empty(p.device_ip));
  insert->bind(11, static_cast<std::int64_t>(p.created_at));
  insert->bind(12, static_cast<std::int64_t>(p.updated_at));
  if (auto s = insert->run(); !s) return s;
  p.id = db.last_insert_rowid();
  return {};
}

Result<Payment> draft_to_payment(const PaymentDraft& d) {
  if (d.checkout_request_id) {
    if (auto s = validate_word("checkout_request_id", *d.checkout_request_id, false); !s) {
      return s.error();
    }
  }
  if (auto s = validate_word("merchant_request_id", d.merchant_request_id, true); !s)
    return s.error();
  if (d.state != PaymentState::initiated && d.state != PaymentState::pending) {
    return field_error("state", "a new payment is initiated or pending");
  }
  if (auto s = validate_amount(d.amount_kes); !s) return s.error();
  auto phone = parse_kenyan_phone(d.phone);
  if (!phone) {
    return field_error("phone",
                       "not a Kenyan mobile number; use 07XX XXX XXX, 01XX XXX XXX or "
                       "+254 7XX XXX XXX");
  }
  Payment p;
  if (!d.device_mac.empty()) {
    auto mac = normalize_mac(d.device_mac);
    if (!mac) return field_error("device_mac", "use six hex pairs such as AA:BB:CC:DD:EE:FF");
    p.device_mac = std::move(*mac);
  }
  if (!d.device_ip.empty()) {
    unsigned char address[4];
    const std::string ip(d.device_ip);
    // inet_pton stops at a NUL, so "10.5.50.23\0..." would pass with its tail kept.
    if (ip.size() > 15 || ip.find('\0') != std::string::npos ||
        ::inet_pton(AF_INET, ip.c_str(), address) != 1) {
      return field_error("device_ip", "not a dotted IPv4 address");
    }
    p.device_ip = ip;
  }
  p.checkout_request_id = d.checkout_request_id;
  p.merchant_request_id = d.merchant_request_id;
  p.phone = phone->msisdn;
  p.amount_kes = d.amount_kes;
  p.plan_id = d.plan_id;
  p.state = d.state;
  return p;
}

std::string draw_secret(StoreContext& ctx) {
  std::uint8_t bytes[kSecretBytes];
  {
    std::lock_guard lock(ctx.random_mu);
    ctx.random->fill(bytes);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

Result<std::vector<Payment>> select_many(StoreContext& ctx, std::string_view where_and_order,
                                         auto bind) {
  auto db = ctx.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->prepare("SELECT " + std::string(kColumns) + " FROM payments WHERE " +
                             std::string(where_and_order));
  if (!stmt) return stmt.error();
  bind(*stmt);
  return collect_rows<Payment>(*stmt, payment_from_row);
}

Status validate_kind(std::string_view kind) {
  bool ok = !kind.empty() && kind.size() <= 32;
  for (char c : kind) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-');
  }
  if (!ok) return field_error("kind", "use 1 to 32 lower-case letters, digits, '_', '.' or '-'");
  return {};
}

}  // namespace

const char* payment_state_name(PaymentState state) {
  switch (state) {
    case PaymentState::initiated:
      return "initiated";
    case PaymentState::pending:
      return "pending";
    case PaymentState::paid:
      return "paid";
    case PaymentState::failed:
      return "failed";
    case PaymentState::unknown:
      return "unknown";
  }
  return "unknown";
}

Result<PaymentState> parse_payment_state(std::string_view text) {
  for (auto s : {PaymentState::initiated, PaymentState::pending, PaymentState::paid,
                 PaymentState::failed, PaymentState::unknown}) {
    if (text == payment_state_name(s)) return s;
  }
  return field_error("state", "must be initiated, pending, paid, failed or unknown");
}

Result<Payment> Payments::create(const PaymentDraft& draft, std::string_view actor) {
  auto made = draft_to_payment(draft);
  if (!made) return made.error();
  Payment p = std::move(*made);
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    if (auto s = require_row(
            db, "SELECT 1 FROM plans WHERE id = ?", p.plan_id,
            make_error(Errc::not_found, "plan_id: no plan with id " + std::to_string(p.plan_id)));
        !s) {
      return s;
    }
    p.id = 0;
    p.callback_secret = draw_secret(ctx_);
    p.purchase_key = draw_secret(ctx_);
    if (auto s = check_unique(db, p); !s) return s;
    p.created_at = p.updated_at = ctx_.now();
    if (auto s = insert_payment(db, p); !s) return s;
    return record_change(db, ctx_,
                         {std::string(actor), "payment.created", "payment:" + std::to_string(p.id),
                          payment_json(p)});
  });
  if (!written) return written.error();
  return p;
}

Result<Payment> Payments::update_state(std::int64_t id, PaymentState next,
                                       const PaymentUpdate& fields, std::string_view actor) {
  if (auto s = validate_update(fields); !s) return s.error();
  Payment p;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto current = select_by_id(db, id);
    if (!current) return current.error();
    p = std::move(*current);
    const Payment before = p;
    if (auto s = apply_update(p, next, fields); !s) return s;
    if (p == before) return {};
    if (fields.ticket_id) {
      if (auto s = require_row(db, "SELECT 1 FROM tickets WHERE id = ?", *fields.ticket_id,
                               make_error(Errc::not_found, "ticket_id: no ticket " +
                                                               std::to_string(*fields.ticket_id)));
          !s) {
        return s;
      }
    }
    if (auto s = check_unique(db, p); !s) return s;
    p.updated_at = ctx_.now();
    if (auto s = store_update(db, p); !s) return s;
    nlohmann::json details = payment_json(p);
    details["previous_state"] = payment_state_name(before.state);
    return record_change(db, ctx_,
                         {std::string(actor), "payment.updated", "payment:" + std::to_string(p.id),
                          std::move(details)});
  });
  if (!written) return written.error();
  return p;
}

Result<Payment> Payments::find(std::int64_t id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_by_id(**db, id);
}

Result<Payment> Payments::find_by_checkout(std::string_view checkout_request_id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_one(
      **db, "checkout_request_id = ?", [&](Statement& s) { s.bind(1, checkout_request_id); },
      "no payment with this CheckoutRequestID");
}

Result<Payment> Payments::find_by_receipt(std::string_view receipt) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_one(
      **db, "receipt = ?", [&](Statement& s) { s.bind(1, receipt); },
      "no payment with M-PESA receipt " + std::string(receipt));
}

Result<Payment> Payments::find_by_purchase_key(std::string_view purchase_key) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  return select_one(
      **db, "purchase_key = ?", [&](Statement& s) { s.bind(1, purchase_key); },
      "no purchase with this key");
}

Result<std::vector<Payment>> Payments::for_phone(std::string_view phone, long long since) {
  auto parsed = parse_kenyan_phone(phone);
  if (!parsed) return field_error("phone", "not a Kenyan mobile number");
  return select_many(ctx_, "phone = ? AND created_at >= ? ORDER BY id DESC LIMIT 100",
                     [&](Statement& s) {
                       s.bind(1, std::string_view(parsed->msisdn));
                       s.bind(2, static_cast<std::int64_t>(since));
                     });
}

Result<std::vector<Payment>> Payments::unfinished(long long since) {
  return select_many(
      ctx_,
      "(state IN ('initiated', 'pending', 'unknown') AND created_at >= ?) OR "
      "(ticket_id IS NULL AND (state = 'paid' OR (state = 'pending' AND result_code = '0'))) "
      "ORDER BY id",
      [&](Statement& s) { s.bind(1, static_cast<std::int64_t>(since)); });
}

Result<std::vector<Payment>> Payments::list(int limit) {
  if (limit < 1 || limit > 10'000) return field_error("limit", "must be between 1 and 10000");
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt =
      (*db)->prepare("SELECT " + std::string(kColumns) + " FROM payments ORDER BY id DESC LIMIT ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<std::int64_t>(limit));
  return collect_rows<Payment>(*stmt, payment_from_row);
}

Result<std::int64_t> Payments::add_event(std::optional<std::int64_t> payment_id,
                                         std::string_view kind, std::string_view raw_payload,
                                         std::string_view actor) {
  if (auto s = validate_kind(kind); !s) return s.error();
  if (raw_payload.size() > kMaxEventPayload) {
    return field_error("payload", "at most " + std::to_string(kMaxEventPayload) + " bytes");
  }
  std::int64_t event_id = 0;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    if (payment_id) {
      auto missing = make_error(Errc::not_found,
                                "payment_id: no payment with id " + std::to_string(*payment_id));
      if (auto s = require_row(db, "SELECT 1 FROM payments WHERE id = ?", *payment_id, missing);
          !s) {
        return s;
      }
    }
    auto insert = db.prepare(
        "INSERT INTO payment_events (payment_id, kind, payload, received_at) VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, payment_id).bind(2, kind).bind(3, raw_payload).bind(4, ctx_.now());
    if (auto s = insert->run(); !s) return s;
    event_id = db.last_insert_rowid();
    // The payload itself stays in payment_events: it carries the customer's phone number.
    return record_change(
        db, ctx_,
        {std::string(actor),
         "payment.event",
         "payment_event:" + std::to_string(event_id),
         {{"event_id", event_id},
          {"payment_id", payment_id ? nlohmann::json(*payment_id) : nlohmann::json(nullptr)},
          {"kind", std::string(kind)},
          {"bytes", raw_payload.size()}}});
  });
  if (!written) return written.error();
  return event_id;
}

Result<std::vector<PaymentEvent>> Payments::events(std::int64_t payment_id) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->prepare(
      "SELECT id, payment_id, kind, payload, received_at FROM payment_events "
      "WHERE payment_id = ? ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, payment_id);
  return collect_rows<PaymentEvent>(*stmt, [](const Statement& r) -> PaymentEvent {
    return {r.column_int(0), r.column_optional_int(1), r.column_text(2), r.column_text(3),
            r.column_int(4)};
  });
}

}  // namespace hotspot::storage
