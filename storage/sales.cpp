#include "storage/sales.h"

#include "core/voucher_code.h"
#include "storage/context.h"
#include "storage/tickets.h"

namespace hotspot::storage {
namespace {

struct PlanPrice {
  std::int64_t price = 0;
  bool enabled = false;
};

Result<PlanPrice> plan_price(Connection& db, std::int64_t plan_id) {
  auto stmt = db.cached("SELECT price_kes, enabled FROM plans WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, plan_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "plan: no plan with id " + std::to_string(plan_id));
  return PlanPrice{stmt->column_int(0), stmt->column_int(1) != 0};
}

Status insert_sale(Connection& db, Sale& sale) {
  auto insert = db.cached(
      "INSERT INTO sales (ticket_id, plan_id, amount_kes, channel, payment_id, sold_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, sale.ticket_id).bind(2, sale.plan_id).bind(3, sale.amount_kes);
  insert->bind(4, std::string_view(sale_channel_name(sale.channel))).bind(5, sale.payment_id);
  insert->bind(6, static_cast<std::int64_t>(sale.sold_at));
  if (auto s = insert->run(); !s) return s;
  sale.id = db.last_insert_rowid();
  return {};
}

// The sale's audit details, built by hand because a sale is the hottest write there is. Keys in
// the order nlohmann::json would print them, so entries read the same as every other change.
// Every value is a number, null or a fixed word, except the code, which is escaped like any text.
std::string sale_details(const Sale& s, std::string_view code) {
  std::string out;
  out.reserve(160);
  out += "{\"amount_kes\":" + std::to_string(s.amount_kes);
  out += ",\"channel\":\"";
  out += sale_channel_name(s.channel);
  out += "\",\"payment_id\":";
  out += s.payment_id ? std::to_string(*s.payment_id) : "null";
  out += ",\"plan_id\":" + std::to_string(s.plan_id);
  out += ",\"sale_id\":" + std::to_string(s.id);
  out += ",\"sold_at\":" + std::to_string(s.sold_at);
  out += ",\"ticket\":" + nlohmann::json(code).dump() + "}";
  return out;
}

Status record_sale(Connection& db, StoreContext& ctx, std::string_view actor, const Sale& sale,
                   std::string_view code) {
  return record_serialised_change(db, ctx, actor, "sale.recorded",
                                  "sale:" + std::to_string(sale.id), sale_details(sale, code));
}

}  // namespace

const char* sale_channel_name(SaleChannel channel) {
  switch (channel) {
    case SaleChannel::voucher: return "voucher";
    case SaleChannel::mpesa: return "mpesa";
    case SaleChannel::cash: return "cash";
  }
  return "cash";
}

// The whole sale as one writer job: the ticket, the sale row and its audit entry (which the
// sync outbox reads) commit together or not at all.
Writer::Job Sales::sell_job(std::int64_t plan_id, SaleChannel channel,
                            std::optional<std::int64_t> payment_id, std::string actor,
                            SaleReceipt& receipt) {
  // The code is drawn here, on the caller's thread, to keep the writer thread's work per sale
  // to the SQL itself.
  return [this, plan_id, channel, payment_id, actor = std::move(actor),
          code = draw_voucher_code(ctx_, kDefaultVoucherLength), &receipt](Connection& db) -> Status {
    auto plan = plan_price(db, plan_id);
    if (!plan) return plan.error();
    if (!plan->enabled) return make_error(Errc::conflict, "plan: this plan is no longer sold");
    auto insert = prepare_ticket_insert(db);
    if (!insert) return insert.error();
    auto ticket = insert_ticket(db, ctx_, plan_id, std::nullopt, kDefaultVoucherLength, *insert, code);
    if (!ticket) return ticket.error();
    receipt.ticket = *ticket;
    receipt.sale = Sale{0, ticket->id, plan_id, plan->price, channel, payment_id, ctx_.now()};
    if (auto s = insert_sale(db, receipt.sale); !s) return s;
    return record_sale(db, ctx_, actor, receipt.sale, ticket->code);
  };
}

Result<SaleReceipt> Sales::sell(std::int64_t plan_id, SaleChannel channel,
                                std::optional<std::int64_t> payment_id, std::string_view actor) {
  SaleReceipt receipt;
  Status written = ctx_.writer->write(sell_job(plan_id, channel, payment_id, std::string(actor), receipt));
  if (!written) return written.error();
  return receipt;
}

void Sales::sell_async(std::int64_t plan_id, SaleChannel channel,
                       std::optional<std::int64_t> payment_id, std::string_view actor,
                       std::function<void(Result<SaleReceipt>)> done) {
  auto receipt = std::make_shared<SaleReceipt>();
  ctx_.writer->submit(sell_job(plan_id, channel, payment_id, std::string(actor), *receipt),
                      [receipt, done = std::move(done)](const Status& s) {
                        if (s) done(std::move(*receipt));
                        else done(s.error());
                      });
}

Result<Sale> Sales::record_voucher_sale(std::int64_t ticket_id, std::string_view actor) {
  Sale sale;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto existing = db.cached(
        "SELECT id, plan_id, amount_kes, sold_at FROM sales WHERE ticket_id = ?");
    if (!existing) return existing.error();
    existing->bind(1, ticket_id);
    auto row = existing->step();
    if (!row) return row.error();
    if (*row) {
      sale = Sale{existing->column_int(0), ticket_id, existing->column_int(1),
                  existing->column_int(2), SaleChannel::voucher, std::nullopt,
                  existing->column_int(3)};
      return {};
    }
    auto ticket = db.cached("SELECT plan_id, code FROM tickets WHERE id = ?");
    if (!ticket) return ticket.error();
    ticket->bind(1, ticket_id);
    if (auto t = ticket->step(); !t || !*t) return make_error(Errc::not_found, "no such ticket");
    auto plan = plan_price(db, ticket->column_int(0));
    if (!plan) return plan.error();
    sale = Sale{0, ticket_id, ticket->column_int(0), plan->price, SaleChannel::voucher,
                std::nullopt, ctx_.now()};
    if (auto s = insert_sale(db, sale); !s) return s;
    return record_sale(db, ctx_, actor, sale, ticket->column_text(1));
  });
  if (!written) return written.error();
  return sale;
}

namespace {

struct PaymentFacts {
  std::string state;
  std::string result_code;
  std::optional<std::int64_t> ticket_id;
  std::int64_t plan_id = 0;
  std::int64_t amount_kes = 0;
};

Result<PaymentFacts> payment_facts(Connection& db, std::int64_t payment_id) {
  auto stmt = db.cached(
      "SELECT state, coalesce(result_code, ''), ticket_id, plan_id, amount_kes FROM payments "
      "WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, payment_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) {
    return make_error(Errc::not_found, "payment: no payment with id " + std::to_string(payment_id));
  }
  return PaymentFacts{stmt->column_text(0), stmt->column_text(1), stmt->column_optional_int(2),
                      stmt->column_int(3), stmt->column_int(4)};
}

bool bought_a_ticket(const PaymentFacts& p) {
  return p.state == "paid" || (p.state == "pending" && p.result_code == "0");
}

Status link_payment(Connection& db, StoreContext& ctx, std::string_view actor,
                    std::int64_t payment_id, const Ticket& ticket) {
  auto update = db.cached("UPDATE payments SET ticket_id = ?, updated_at = ? WHERE id = ?");
  if (!update) return update.error();
  update->bind(1, ticket.id).bind(2, static_cast<std::int64_t>(ctx.now())).bind(3, payment_id);
  if (auto s = update->run(); !s) return s;
  return record_change(db, ctx,
                       {std::string(actor), "payment.ticket_issued",
                        "payment:" + std::to_string(payment_id),
                        {{"payment_id", payment_id}, {"ticket_id", ticket.id},
                         {"ticket", ticket.code}}});
}

Result<Sale> sale_of_ticket(Connection& db, std::int64_t ticket_id) {
  auto stmt = db.cached(
      "SELECT id, plan_id, amount_kes, payment_id, sold_at FROM sales WHERE ticket_id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, ticket_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no sale for ticket " + std::to_string(ticket_id));
  return Sale{stmt->column_int(0), ticket_id, stmt->column_int(1), stmt->column_int(2),
              SaleChannel::mpesa, stmt->column_optional_int(3), stmt->column_int(4)};
}

}  // namespace

Result<PaymentTicket> Sales::issue_for_payment(std::int64_t payment_id, std::string_view actor) {
  PaymentTicket out;
  std::optional<std::int64_t> existing;
  const std::string code = draw_voucher_code(ctx_, kDefaultVoucherLength);
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto payment = payment_facts(db, payment_id);
    if (!payment) return payment.error();
    if (payment->ticket_id) {
      existing = payment->ticket_id;
      return {};
    }
    if (!bought_a_ticket(*payment)) {
      return make_error(Errc::conflict, "payment " + std::to_string(payment_id) + " is " +
                                            payment->state + ", not paid: it buys no ticket");
    }
    auto insert = prepare_ticket_insert(db);
    if (!insert) return insert.error();
    auto ticket = insert_ticket(db, ctx_, payment->plan_id, std::nullopt, kDefaultVoucherLength,
                                *insert, code);
    if (!ticket) return ticket.error();
    out.receipt.ticket = *ticket;
    out.receipt.sale = Sale{0,         ticket->id, payment->plan_id, payment->amount_kes,
                            SaleChannel::mpesa, payment_id, ctx_.now()};
    if (auto s = insert_sale(db, out.receipt.sale); !s) return s;
    if (auto s = record_sale(db, ctx_, actor, out.receipt.sale, ticket->code); !s) return s;
    return link_payment(db, ctx_, actor, payment_id, *ticket);
  });
  if (!written) return written.error();
  if (!existing) {
    out.issued_now = true;
    return out;
  }
  auto ticket = Tickets(ctx_).find(*existing);
  if (!ticket) return ticket.error();
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto sale = sale_of_ticket(**db, *existing);
  if (!sale) return sale.error();
  out.receipt = {*sale, *ticket};
  return out;
}

Result<std::vector<Sale>> Sales::recent(int limit) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(
      "SELECT id, ticket_id, plan_id, amount_kes, channel, payment_id, sold_at FROM sales "
      "ORDER BY id DESC LIMIT ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<std::int64_t>(limit));
  return collect_rows<Sale>(*stmt, [](const Statement& r) {
    const std::string channel = r.column_text(4);
    return Sale{r.column_int(0), r.column_int(1), r.column_int(2), r.column_int(3),
                channel == "mpesa"     ? SaleChannel::mpesa
                : channel == "voucher" ? SaleChannel::voucher
                                       : SaleChannel::cash,
                r.column_optional_int(5), r.column_int(6)};
  });
}

Result<std::vector<DailyRevenue>> Sales::revenue_by_day(int days) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  // Days are Nairobi days (UTC+3, no daylight saving) whatever the appliance's time zone.
  auto stmt = (*db)->cached(
      "SELECT date(sold_at + 10800, 'unixepoch') AS day, count(*), sum(amount_kes) FROM sales "
      "WHERE sold_at >= ? GROUP BY day ORDER BY day");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<std::int64_t>(ctx_.now() - static_cast<long long>(days) * 86400));
  return collect_rows<DailyRevenue>(*stmt, [](const Statement& r) -> DailyRevenue {
    return {r.column_text(0), r.column_int(1), r.column_int(2)};
  });
}

}  // namespace hotspot::storage
