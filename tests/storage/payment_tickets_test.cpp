// What a purchase needs from the books beyond the payment itself: the secrets that name a
// payment to its callback and its waiting page, the buying device, the payments of one phone,
// what the daemon must still finish after a restart, and the ticket a paid payment buys, issued
// exactly once however many callbacks, polls and restarts ask for it.

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class PaymentTicketTest : public StoreTest {
 protected:
  void SetUp() override { plan_ = add_plan("Daily", 100); }

  PaymentDraft draft(std::string phone = "0712 345 678") {
    PaymentDraft d;
    d.phone = std::move(phone);
    d.amount_kes = 100;
    d.plan_id = plan_.id;
    return d;
  }
  Payment create(std::string phone = "0712 345 678") {
    return must(store().payments().create(draft(std::move(phone)), "portal"), "create payment");
  }
  Payment move(std::int64_t id, PaymentState next, PaymentUpdate fields = {}) {
    return must(store().payments().update_state(id, next, fields, "daraja"), "update_state");
  }
  Payment paid(std::string receipt) {
    Payment p = create();
    PaymentUpdate u;
    u.receipt = std::move(receipt);
    u.result_code = "0";
    return move(p.id, PaymentState::paid, u);
  }
  // Pending on a query that answered ResultCode 0: paid, with the receipt still to come.
  Payment pending_paid() {
    Payment p = create();
    PaymentUpdate u;
    u.result_code = "0";
    return move(p.id, PaymentState::pending, u);
  }
  Result<PaymentTicket> issue(std::int64_t payment_id) {
    return store().sales().issue_for_payment(payment_id, "daemon");
  }
  std::vector<std::int64_t> unfinished_ids(long long since) {
    std::vector<std::int64_t> ids;
    for (const Payment& p : must(store().payments().unfinished(since))) ids.push_back(p.id);
    return ids;
  }
  long long now() { return to_unix_seconds(clock_.wall_now()); }
  static bool is_lower_hex(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  }
  template <class T>
  static void expect_error(const Result<T>& r, Errc code, const std::string& starts) {
    ASSERT_FALSE(r) << "accepted";
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().message.rfind(starts, 0), 0u) << r.error().message;
  }

  Plan plan_;
};

// --- secrets -------------------------------------------------------------------------------

TEST_F(PaymentTicketTest, EachPaymentGetsTwoFreshSecrets) {
  std::set<std::string> seen;
  for (int i = 0; i < 5; ++i) {
    Payment p = create();
    for (const std::string* secret : {&p.callback_secret, &p.purchase_key}) {
      EXPECT_EQ(secret->size(), 32u) << *secret;
      EXPECT_TRUE(is_lower_hex(*secret)) << *secret;
      EXPECT_TRUE(seen.insert(*secret).second) << "drawn twice: " << *secret;
    }
    EXPECT_NE(p.callback_secret, p.purchase_key);
    Payment stored = must(store().payments().find(p.id));
    EXPECT_EQ(stored.callback_secret, p.callback_secret);
    EXPECT_EQ(stored.purchase_key, p.purchase_key);
  }
}

TEST_F(PaymentTicketTest, APurchaseKeyFindsItsPaymentOnly) {
  Payment a = create();
  Payment b = create();
  EXPECT_EQ(must(store().payments().find_by_purchase_key(a.purchase_key)), a);
  EXPECT_EQ(must(store().payments().find_by_purchase_key(b.purchase_key)).id, b.id);
  expect_error(store().payments().find_by_purchase_key(std::string(32, '0')), Errc::not_found,
               "no purchase");
  // The callback secret is not a purchase key.
  expect_error(store().payments().find_by_purchase_key(a.callback_secret), Errc::not_found,
               "no purchase");
  expect_error(store().payments().find_by_purchase_key(""), Errc::not_found, "no purchase");
}

// --- the buying device ---------------------------------------------------------------------

TEST_F(PaymentTicketTest, TheDeviceIsKeptInOneForm) {
  PaymentDraft d = draft();
  d.device_mac = "aa-bb-cc-dd-ee-0f";
  d.device_ip = "10.5.50.23";
  Payment p = must(store().payments().create(d, "portal"));
  EXPECT_EQ(p.device_mac, "AA:BB:CC:DD:EE:0F");
  EXPECT_EQ(p.device_ip, "10.5.50.23");
  Payment stored = must(store().payments().find(p.id));
  EXPECT_EQ(stored.device_mac, "AA:BB:CC:DD:EE:0F");
  EXPECT_EQ(stored.device_ip, "10.5.50.23");

  // Both are optional: a purchase from outside the hotspot has no device.
  Payment bare = create();
  EXPECT_EQ(bare.device_mac, "");
  EXPECT_EQ(bare.device_ip, "");
  EXPECT_EQ(must(store().payments().find(bare.id)).device_mac, "");
}

TEST_F(PaymentTicketTest, ABadDeviceIsRefusedByNameAndNothingIsStored) {
  create();
  const std::string payments_before = table_text(db_path(), "payments");
  const StoreCounts before = counts();
  const std::string bad_macs[] = {
      "AA:BB:CC:DD:EE",        "AA:BB:CC:DD:EE:FG",  "AA:BB:CC:DD:EE:FF:00",
      "AA;BB:CC:DD:EE:FF",     "AA:BB:CC:DD:EE:F\n", "AA:BB:CC:DD:EE:FF;reboot",
      std::string(4096, 'A'),  " AA:BB:CC:DD:EE:F",
  };
  for (const std::string& mac : bad_macs) {
    SCOPED_TRACE(mac.substr(0, 40));
    PaymentDraft d = draft();
    d.device_mac = mac;
    d.device_ip = "10.5.50.23";
    expect_error(store().payments().create(d, "portal"), Errc::invalid_argument, "device_mac:");
  }
  const std::string bad_ips[] = {
      "::1",
      "fe80::1",
      "::ffff:10.5.50.23",
      "1.2.3.4; DROP TABLE payments",
      "1.2.3.4 ",
      "256.1.1.1",
      "1.2.3",
      "10.5.50.23\n/ip hotspot user remove [find]",
      "10.5.50.23" + std::string(300, ' '),
      std::string(4096, '1'),
      std::string("10.5.50.23\0evil", 15),
  };
  for (const std::string& ip : bad_ips) {
    SCOPED_TRACE(ip.substr(0, 40));
    PaymentDraft d = draft();
    d.device_mac = "AA:BB:CC:DD:EE:FF";
    d.device_ip = ip;
    expect_error(store().payments().create(d, "portal"), Errc::invalid_argument, "device_ip:");
  }
  EXPECT_EQ(table_text(db_path(), "payments"), payments_before);
  EXPECT_EQ(counts().payments, before.payments);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
}

// --- one phone's payments ------------------------------------------------------------------

TEST_F(PaymentTicketTest, APhonesPaymentsNewestFirstSinceATime) {
  create("0712 345 678");  // before `since`
  clock_.advance(seconds(100));
  const long long since = now();
  Payment first = create("+254712345678");
  clock_.advance(seconds(10));
  Payment other_phone = create("0799 000 111");
  clock_.advance(seconds(10));
  Payment second = create("254712345678");
  Payment third = create("0712345678");  // the same second: still after `second`

  for (const char* form : {"0712 345 678", "+254712345678", "254712345678", "712345678"}) {
    SCOPED_TRACE(form);
    auto found = must(store().payments().for_phone(form, since));
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].id, third.id);
    EXPECT_EQ(found[1].id, second.id);
    EXPECT_EQ(found[2].id, first.id);
  }
  // `since` is inclusive, and an earlier one reaches the older payment.
  EXPECT_EQ(must(store().payments().for_phone("0712 345 678", since - 100)).size(), 4u);
  EXPECT_EQ(must(store().payments().for_phone("0712 345 678", now() + 1)).size(), 0u);
  auto others = must(store().payments().for_phone("0799000111", 0));
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0].id, other_phone.id);

  expect_error(store().payments().for_phone("+1 555 0100", 0), Errc::invalid_argument, "phone:");
  expect_error(store().payments().for_phone("", 0), Errc::invalid_argument, "phone:");
  expect_error(store().payments().for_phone("0712' OR '1'='1", 0), Errc::invalid_argument,
               "phone:");
}

// --- what the daemon must still finish -----------------------------------------------------

TEST_F(PaymentTicketTest, UnfinishedIsRecentOpenPaymentsAndEveryTicketStillOwed) {
  // Two days ago.
  Payment old_initiated = create();
  Payment old_pending = move(create().id, PaymentState::pending);
  Payment old_unknown = move(create().id, PaymentState::unknown);
  Payment old_paid = paid("OLDPAID001");
  Payment old_pending_paid = pending_paid();
  Payment old_pending_paid_issued = pending_paid();
  must(issue(old_pending_paid_issued.id));
  Payment old_paid_issued = paid("OLDPAID002");
  must(issue(old_paid_issued.id));

  clock_.advance(hours(48));
  const long long since = now() - 3600;
  // Now.
  Payment initiated = create();
  Payment pending = move(create().id, PaymentState::pending);
  Payment unknown = move(create().id, PaymentState::unknown);
  PaymentUpdate cancelled;
  cancelled.result_code = "1032";
  Payment failed = move(create().id, PaymentState::failed, cancelled);
  Payment paid_issued = paid("NEWPAID001");
  must(issue(paid_issued.id));
  Payment paid_owed = paid("NEWPAID002");

  const std::vector<std::int64_t> expected = {old_paid.id, old_pending_paid.id, initiated.id,
                                              pending.id,  unknown.id,          paid_owed.id};
  EXPECT_EQ(unfinished_ids(since), expected);
  (void)old_initiated, (void)old_pending, (void)old_unknown, (void)failed;

  // Once their tickets are issued, the old ones are finished.
  must(issue(old_paid.id));
  must(issue(old_pending_paid.id));
  must(issue(paid_owed.id));
  const std::vector<std::int64_t> open = {initiated.id, pending.id, unknown.id};
  EXPECT_EQ(unfinished_ids(since), open);
  // And with a later `since`, only what nothing else finishes would be left: nothing.
  EXPECT_TRUE(unfinished_ids(now() + 1).empty());
}

// --- the ticket a payment bought -----------------------------------------------------------

TEST_F(PaymentTicketTest, APaymentNotPaidBuysNoTicket) {
  Payment initiated = create();
  Payment pending = move(create().id, PaymentState::pending);
  PaymentUpdate not_yet;
  not_yet.result_code = "4999";  // "still under processing"
  Payment pending_other_code = move(create().id, PaymentState::pending, not_yet);
  PaymentUpdate cancelled;
  cancelled.result_code = "1032";
  Payment failed = move(create().id, PaymentState::failed, cancelled);
  Payment unknown = move(create().id, PaymentState::unknown);

  const StoreCounts before = counts();
  const std::string payments_before = table_text(db_path(), "payments");
  for (const Payment& p : {initiated, pending, pending_other_code, failed, unknown}) {
    SCOPED_TRACE(payment_state_name(p.state));
    expect_error(issue(p.id), Errc::conflict, "payment " + std::to_string(p.id) + " is ");
  }
  expect_error(issue(9999), Errc::not_found, "payment:");
  EXPECT_EQ(counts().tickets_issued, before.tickets_issued);
  EXPECT_EQ(counts().sales, before.sales);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  EXPECT_EQ(table_text(db_path(), "payments"), payments_before);
}

TEST_F(PaymentTicketTest, APaidPaymentBuysItsTicketOnceAtTheAmountPaid) {
  Payment p = paid("NLJ7RT61SV");
  // The price changed after the customer paid: they get what they paid for, at what they paid.
  Plan dearer = plan_;
  dearer.price = Kes{150};
  must(store().plans().update(dearer, "owner"));
  clock_.advance(seconds(5));

  PaymentTicket first = must(issue(p.id));
  EXPECT_TRUE(first.issued_now);
  const Sale& sale = first.receipt.sale;
  const Ticket& ticket = first.receipt.ticket;
  EXPECT_GT(sale.id, 0);
  EXPECT_EQ(sale.amount_kes, 100);
  EXPECT_EQ(sale.channel, SaleChannel::mpesa);
  EXPECT_EQ(sale.payment_id, p.id);
  EXPECT_EQ(sale.plan_id, plan_.id);
  EXPECT_EQ(sale.ticket_id, ticket.id);
  EXPECT_EQ(sale.sold_at, now());
  EXPECT_EQ(ticket.plan_id, plan_.id);
  EXPECT_EQ(ticket.state, TicketState::issued);
  EXPECT_FALSE(ticket.code.empty());

  Payment linked = must(store().payments().find(p.id));
  EXPECT_EQ(linked.ticket_id, ticket.id);
  EXPECT_EQ(linked.state, PaymentState::paid);
  EXPECT_EQ(linked.receipt, "NLJ7RT61SV");
  EXPECT_EQ(must(store().tickets().find(ticket.id)).code, ticket.code);
  auto sales = must(store().sales().recent(10));
  ASSERT_EQ(sales.size(), 1u);
  EXPECT_EQ(sales[0].amount_kes, 100);
  EXPECT_EQ(sales[0].channel, SaleChannel::mpesa);
  EXPECT_EQ(sales[0].payment_id, p.id);

  auto audit = must(store().audit().recent(2));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "payment.ticket_issued");
  EXPECT_EQ(audit[0].subject, "payment:" + std::to_string(p.id));
  EXPECT_NE(audit[0].details.find(ticket.code), std::string::npos) << audit[0].details;
  EXPECT_EQ(audit[1].action, "sale.recorded");
  EXPECT_EQ(audit[1].subject, "sale:" + std::to_string(sale.id));

  // A duplicate callback, a racing poll, a restart: the same ticket, nothing new written.
  const StoreCounts before = counts();
  close_store();
  for (int i = 0; i < 2; ++i) {
    PaymentTicket again = must(issue(p.id));
    EXPECT_FALSE(again.issued_now);
    EXPECT_EQ(again.receipt.ticket.id, ticket.id);
    EXPECT_EQ(again.receipt.ticket.code, ticket.code);
    EXPECT_EQ(again.receipt.sale.id, sale.id);
    EXPECT_EQ(again.receipt.sale.amount_kes, 100);
    EXPECT_EQ(again.receipt.sale.payment_id, p.id);
    EXPECT_EQ(again.receipt.sale.channel, SaleChannel::mpesa);
  }
  EXPECT_EQ(counts().sales, before.sales);
  EXPECT_EQ(counts().tickets_issued, before.tickets_issued);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  EXPECT_EQ(must(store().sales().recent(10)).size(), 1u);
  EXPECT_TRUE(must(store().check()).ok);
}

TEST_F(PaymentTicketTest, PendingOnAQueryThatSaidPaidBuysTheTicketAndTheReceiptFollows) {
  Payment p = pending_paid();
  PaymentTicket issued = must(issue(p.id));
  EXPECT_TRUE(issued.issued_now);
  EXPECT_EQ(issued.receipt.sale.amount_kes, 100);
  EXPECT_EQ(must(store().payments().find(p.id)).ticket_id, issued.receipt.ticket.id);

  // The callback with the receipt arrives later; the ticket stays the one already given.
  PaymentUpdate u;
  u.receipt = "NLJ7RT61SV";
  u.result_code = "0";
  Payment done = move(p.id, PaymentState::paid, u);
  EXPECT_EQ(done.ticket_id, issued.receipt.ticket.id);
  PaymentTicket again = must(issue(p.id));
  EXPECT_FALSE(again.issued_now);
  EXPECT_EQ(again.receipt.ticket.code, issued.receipt.ticket.code);
  EXPECT_EQ(counts().sales, 1);
}

TEST_F(PaymentTicketTest, APlanTakenOffSaleStillGivesWhatWasPaidFor) {
  Payment p = paid("NLJ7RT61SV");
  must(store().plans().set_enabled(plan_.id, false, "owner"));
  // Selling it afresh is refused ...
  EXPECT_FALSE(store().sales().sell(plan_.id, SaleChannel::mpesa, std::nullopt, "portal"));
  // ... but the customer who already paid gets their ticket.
  PaymentTicket issued = must(issue(p.id));
  EXPECT_TRUE(issued.issued_now);
  EXPECT_EQ(issued.receipt.ticket.plan_id, plan_.id);
  EXPECT_EQ(issued.receipt.sale.amount_kes, 100);
}

TEST_F(PaymentTicketTest, ATicketLinkedEarlierIsReturnedNotIssuedAgain) {
  Payment p = paid("NLJ7RT61SV");
  SaleReceipt sold = must(store().sales().sell(plan_.id, SaleChannel::mpesa, p.id, "portal"));
  PaymentUpdate link;
  link.ticket_id = sold.ticket.id;
  move(p.id, PaymentState::paid, link);

  PaymentTicket found = must(issue(p.id));
  EXPECT_FALSE(found.issued_now);
  EXPECT_EQ(found.receipt.ticket.code, sold.ticket.code);
  EXPECT_EQ(found.receipt.sale.id, sold.sale.id);
  EXPECT_EQ(counts().sales, 1);
}

TEST_F(PaymentTicketTest, RacingCallsIssueOneTicket) {
  Payment p = paid("NLJ7RT61SV");
  constexpr int kThreads = 8;
  std::vector<Result<PaymentTicket>> results(kThreads, make_error(Errc::internal, "not run"));
  Sales& sales = store().sales();
  std::atomic<bool> go = false;
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        while (!go) std::this_thread::yield();
        results[static_cast<std::size_t>(i)] = sales.issue_for_payment(p.id, "daemon");
      });
    }
    go = true;
  }
  int issued_now = 0;
  std::set<std::string> codes;
  std::set<std::int64_t> sale_ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r) << r.error().message;
    issued_now += r->issued_now;
    codes.insert(r->receipt.ticket.code);
    sale_ids.insert(r->receipt.sale.id);
  }
  EXPECT_EQ(issued_now, 1);
  EXPECT_EQ(codes.size(), 1u);
  EXPECT_EQ(sale_ids.size(), 1u);
  EXPECT_EQ(counts().sales, 1);
  EXPECT_EQ(counts().tickets_issued, 1);
  EXPECT_EQ(must(store().sales().recent(10)).size(), 1u);
  EXPECT_EQ(must(store().payments().find(p.id)).ticket_id,
            must(store().tickets().find_by_code(*codes.begin())).id);
}

}  // namespace
}  // namespace hotspot::storage::testing
