// Buying a ticket with M-PESA through the portal backend, the payment service, the Daraja
// simulator and the RouterOS simulator: every outcome a customer can meet.
#include "purchase_fixture.h"

#include "storage/tickets.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using storage::Payment;
using storage::PaymentState;

bool has_ticket(const Payment& p) { return p.ticket_id.has_value(); }

class PurchaseFlowTest : public PurchaseFixture {};

TEST_F(PurchaseFlowTest, APaidPurchaseIssuesOneTicketAndPutsThePhoneOnline) {
  auto started = buy("0712 345 600");
  ASSERT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
  ASSERT_FALSE(started.key.empty());
  const Payment paid = wait_for_payment(started.key, [](const Payment& p) {
    return p.state == PaymentState::paid && has_ticket(p);
  });
  ASSERT_TRUE(paid.receipt.has_value());
  auto ticket = store_->tickets().find(*paid.ticket_id);
  ASSERT_TRUE(ticket) << ticket.error().message;
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket->code); })) << log_.text();
  auto page = view(started.key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::paid);
  EXPECT_EQ(page->receipt, *paid.receipt);
  ASSERT_TRUE(page->login);
  EXPECT_EQ(page->login->outcome, portal::RedeemOutcome::logged_in);
  ASSERT_TRUE(page->login->ticket);
  EXPECT_EQ(page->login->ticket->code, ticket->code);
}

}  // namespace
}  // namespace hotspot::daemon::testing
