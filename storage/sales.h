#pragma once
// The sales ledger: one row per ticket sold, with its price at the time of sale. A sale and the
// ticket it issues commit together, so a customer who was shown a ticket was also charged.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/ticket.h"
#include "storage/writer.h"

namespace hotspot::storage {

struct StoreContext;

enum class SaleChannel { voucher, mpesa, cash };
const char* sale_channel_name(SaleChannel channel);

struct Sale {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t plan_id = 0;
  std::int64_t amount_kes = 0;
  SaleChannel channel = SaleChannel::cash;
  std::optional<std::int64_t> payment_id;
  long long sold_at = 0;
};

struct SaleReceipt {
  Sale sale;
  Ticket ticket;
};

// The ticket an M-PESA payment bought, and whether this call issued it.
struct PaymentTicket {
  SaleReceipt receipt;
  bool issued_now = false;
};

struct DailyRevenue {
  std::string day;  // YYYY-MM-DD, UTC+3 (Nairobi)
  std::int64_t sales = 0;
  std::int64_t revenue_kes = 0;
};

class Sales {
 public:
  explicit Sales(StoreContext& ctx) : ctx_(ctx) {}

  // Issues a new ticket for an enabled plan and records its sale at the plan's price, durably.
  Result<SaleReceipt> sell(std::int64_t plan_id, SaleChannel channel,
                           std::optional<std::int64_t> payment_id, std::string_view actor);
  // The same, without waiting: `done` runs on the writer thread once the sale is durable (or
  // failed). Keep it short and hand the receipt to the caller's own thread.
  void sell_async(std::int64_t plan_id, SaleChannel channel,
                  std::optional<std::int64_t> payment_id, std::string_view actor,
                  std::function<void(Result<SaleReceipt>)> done);
  // Records the sale of an existing voucher ticket (at first use); a second call is a no-op
  // returning the first sale.
  Result<Sale> record_voucher_sale(std::int64_t ticket_id, std::string_view actor);

  // Issues the ticket a paid M-PESA payment bought, exactly once: the ticket, its sale (at the
  // amount paid) and the payment's ticket_id commit together, so a crash leaves either all or
  // none, and a second call (a duplicate callback, a racing poll, a restart) returns the first
  // ticket. The payment must be paid, or pending on a query's ResultCode "0" (paid, with the
  // receipt still to come); a plan taken off sale since still gives the customer what they paid
  // for. Errors: not_found (payment), conflict (not paid).
  Result<PaymentTicket> issue_for_payment(std::int64_t payment_id, std::string_view actor);
  Result<std::vector<Sale>> recent(int limit);
  Result<std::vector<DailyRevenue>> revenue_by_day(int days);

 private:
  Writer::Job sell_job(std::int64_t plan_id, SaleChannel channel,
                       std::optional<std::int64_t> payment_id, std::string actor,
                       SaleReceipt& receipt);
  StoreContext& ctx_;
};

}  // namespace hotspot::storage
