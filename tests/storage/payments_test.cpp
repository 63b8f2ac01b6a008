// The payments repository: drafts validated, CheckoutRequestID and receipt unique, paid final,
// raw Daraja messages kept, every change audited, phone numbers kept out of logs and the audit.

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

constexpr std::string_view kPhoneDigits = "712345678";

class PaymentsTest : public StoreTest {
 protected:
  void SetUp() override { plan_ = add_plan("Daily", 100); }

  PaymentDraft draft(std::optional<std::string> checkout = "ws_CO_191220191020363925") {
    PaymentDraft d;
    d.checkout_request_id = std::move(checkout);
    d.merchant_request_id = "29115-34620561-1";
    d.phone = "0712 345 678";
    d.amount_kes = 100;
    d.plan_id = plan_.id;
    return d;
  }
  Payment create(std::optional<std::string> checkout = "ws_CO_191220191020363925") {
    return must(store().payments().create(draft(std::move(checkout)), "portal"), "create payment");
  }
  Result<Payment> move(std::int64_t id, PaymentState next, PaymentUpdate fields = {}) {
    return store().payments().update_state(id, next, fields, "daraja");
  }
  static PaymentUpdate paid_with(std::string receipt) {
    PaymentUpdate u;
    u.receipt = std::move(receipt);
    u.result_code = "0";
    u.result_desc = "The service request is processed successfully.";
    return u;
  }
  void expect_error(const Result<Payment>& r, Errc code, const std::string& starts) {
    ASSERT_FALSE(r) << "accepted";
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().message.rfind(starts, 0), 0u) << r.error().message;
  }

  Plan plan_;
};

TEST_F(PaymentsTest, CreateStoresTheNormalisedPhoneAndAudits) {
  Payment p = create();
  EXPECT_GT(p.id, 0);
  EXPECT_EQ(p.phone, "254712345678");
  EXPECT_EQ(p.state, PaymentState::initiated);
  EXPECT_EQ(p.created_at, p.updated_at);
  Payment found = must(store().payments().find(p.id));
  EXPECT_EQ(found.checkout_request_id, p.checkout_request_id);
  EXPECT_EQ(found.merchant_request_id, "29115-34620561-1");
  EXPECT_EQ(found.amount_kes, 100);
  EXPECT_FALSE(found.receipt.has_value());
  EXPECT_EQ(must(store().payments().find_by_checkout("ws_CO_191220191020363925")).id, p.id);
  auto audit = must(store().audit().recent(1));
  EXPECT_EQ(audit[0].action, "payment.created");
  EXPECT_EQ(audit[0].subject, "payment:" + std::to_string(p.id));
  EXPECT_EQ(counts().payments, 1);
}

TEST_F(PaymentsTest, BadDraftsNameTheFieldAndWriteNothing) {
  struct Case {
    const char* starts;
    Errc code;
    void (*spoil)(PaymentDraft&);
  };
  const Case cases[] = {
      {"amount_kes:", Errc::invalid_argument, [](PaymentDraft& d) { d.amount_kes = 0; }},
      {"amount_kes:", Errc::invalid_argument, [](PaymentDraft& d) { d.amount_kes = -100; }},
      {"amount_kes:", Errc::invalid_argument, [](PaymentDraft& d) { d.amount_kes = 250'001; }},
      {"phone:", Errc::invalid_argument, [](PaymentDraft& d) { d.phone = "07123abc78"; }},
      {"phone:", Errc::invalid_argument, [](PaymentDraft& d) { d.phone = "+1 555 0100"; }},
      {"phone:", Errc::invalid_argument, [](PaymentDraft& d) { d.phone = ""; }},
      {"state:", Errc::invalid_argument, [](PaymentDraft& d) { d.state = PaymentState::paid; }},
      {"checkout_request_id:", Errc::invalid_argument,
       [](PaymentDraft& d) { d.checkout_request_id = "ws_CO_1;DROP TABLE payments"; }},
      {"checkout_request_id:", Errc::invalid_argument,
       [](PaymentDraft& d) { d.checkout_request_id = ""; }},
      {"merchant_request_id:", Errc::invalid_argument,
       [](PaymentDraft& d) { d.merchant_request_id = std::string(65, '1'); }},
      {"plan_id:", Errc::not_found, [](PaymentDraft& d) { d.plan_id = 999; }},
  };
  const StoreCounts before = counts();
  for (const Case& c : cases) {
    PaymentDraft d = draft();
    c.spoil(d);
    SCOPED_TRACE(c.starts);
    expect_error(store().payments().create(d, "portal"), c.code, c.starts);
  }
  EXPECT_EQ(counts().payments, 0);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
}

TEST_F(PaymentsTest, ADuplicateCheckoutIdIsRefused) {
  Payment first = create();
  const std::string audit_before = table_text(db_path(), "audit_log");
  expect_error(store().payments().create(draft(), "portal"), Errc::already_exists,
               "checkout_request_id:");
  EXPECT_EQ(counts().payments, 1);
  EXPECT_EQ(table_text(db_path(), "audit_log"), audit_before);
  // Payments without a CheckoutRequestID yet do not collide with each other.
  create(std::nullopt);
  create(std::nullopt);
  EXPECT_EQ(counts().payments, 3);
  PaymentUpdate taken;
  taken.checkout_request_id = *first.checkout_request_id;
  expect_error(move(first.id + 1, PaymentState::pending, taken), Errc::already_exists,
               "checkout_request_id:");
}

TEST_F(PaymentsTest, TheUsualLifeOfAPayment) {
  Payment p = create(std::nullopt);
  PaymentUpdate pushed;
  pushed.checkout_request_id = "ws_CO_DMZ_123_456";
  pushed.merchant_request_id = "1234-5678-1";
  Payment pending = must(move(p.id, PaymentState::pending, pushed));
  EXPECT_EQ(pending.state, PaymentState::pending);
  EXPECT_EQ(pending.checkout_request_id, "ws_CO_DMZ_123_456");

  clock_.advance(std::chrono::seconds(30));
  Payment paid = must(move(p.id, PaymentState::paid, paid_with("NLJ7RT61SV")));
  EXPECT_EQ(paid.receipt, "NLJ7RT61SV");
  EXPECT_EQ(paid.result_code, "0");
  EXPECT_EQ(paid.updated_at, p.created_at + 30);
  EXPECT_EQ(must(store().payments().find_by_receipt("NLJ7RT61SV")).id, p.id);

  // The sale it pays for, then the ticket filled in on the paid payment.
  SaleReceipt sale = must(store().sales().sell(plan_.id, SaleChannel::mpesa, p.id, "portal"));
  PaymentUpdate ticket;
  ticket.ticket_id = sale.ticket.id;
  Payment done = must(move(p.id, PaymentState::paid, ticket));
  EXPECT_EQ(done.ticket_id, sale.ticket.id);
  EXPECT_EQ(done.receipt, "NLJ7RT61SV");
  EXPECT_EQ(must(store().sales().recent(1))[0].payment_id, p.id);

  auto audit = must(store().audit().recent(10));
  int updates = 0;
  for (const auto& e : audit) updates += e.action == "payment.updated";
  EXPECT_EQ(updates, 3);
  EXPECT_TRUE(must(store().check()).ok);
}

TEST_F(PaymentsTest, PaidIsFinal) {
  Payment p = create();
  must(move(p.id, PaymentState::paid, paid_with("NLJ7RT61SV")));
  const std::string row_before = table_text(db_path(), "payments");
  const StoreCounts before = counts();

  for (PaymentState next : {PaymentState::failed, PaymentState::pending, PaymentState::unknown,
                            PaymentState::initiated}) {
    PaymentUpdate failed;
    failed.result_code = "1032";
    expect_error(move(p.id, next, failed), Errc::conflict, "payment ");
  }
  expect_error(move(p.id, PaymentState::paid, paid_with("OTHER12345")), Errc::conflict, "payment ");
  PaymentUpdate cheaper;
  cheaper.amount_kes = 1;
  expect_error(move(p.id, PaymentState::paid, cheaper), Errc::conflict, "payment ");
  EXPECT_EQ(table_text(db_path(), "payments"), row_before);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);

  // A duplicate callback repeating what is known changes nothing but is not an error.
  Payment same = must(move(p.id, PaymentState::paid, paid_with("NLJ7RT61SV")));
  EXPECT_EQ(same.state, PaymentState::paid);
  EXPECT_EQ(same.receipt, "NLJ7RT61SV");
  EXPECT_EQ(table_text(db_path(), "payments"), row_before);
  EXPECT_EQ(counts().audit_entries, before.audit_entries);
  EXPECT_EQ(counts().outbox_pending, before.outbox_pending);
}

TEST_F(PaymentsTest, StateMovesFollowTheRules) {
  Payment p = create();
  expect_error(move(p.id, PaymentState::paid), Errc::invalid_argument, "receipt:");
  must(move(p.id, PaymentState::unknown));
  must(move(p.id, PaymentState::pending));
  expect_error(move(p.id, PaymentState::initiated), Errc::conflict, "payment ");
  PaymentUpdate cancelled;
  cancelled.result_code = "1032";
  cancelled.result_desc = "Request cancelled by user";
  Payment failed = must(move(p.id, PaymentState::failed, cancelled));
  EXPECT_EQ(failed.result_code, "1032");
  expect_error(move(p.id, PaymentState::pending), Errc::conflict, "payment ");
  // A success callback arriving after a timeout verdict still books the money.
  EXPECT_EQ(must(move(p.id, PaymentState::paid, paid_with("LATE123456"))).state,
            PaymentState::paid);
  expect_error(move(999, PaymentState::pending), Errc::not_found, "no payment");
}

TEST_F(PaymentsTest, UpdatesAreValidated) {
  Payment p = create();
  Payment other = create("ws_CO_second");
  must(move(other.id, PaymentState::paid, paid_with("RECEIPT001")));
  expect_error(move(p.id, PaymentState::paid, paid_with("RECEIPT001")), Errc::already_exists,
               "receipt:");
  PaymentUpdate zero;
  zero.amount_kes = 0;
  expect_error(move(p.id, PaymentState::pending, zero), Errc::invalid_argument, "amount_kes:");
  PaymentUpdate desc;
  desc.result_desc = "line\nbreak";
  expect_error(move(p.id, PaymentState::pending, desc), Errc::invalid_argument, "result_desc:");
  PaymentUpdate ticket;
  ticket.ticket_id = 4242;
  expect_error(move(p.id, PaymentState::pending, ticket), Errc::not_found, "ticket_id:");
  ticket.ticket_id =
      must(store().sales().sell(plan_.id, SaleChannel::mpesa, other.id, "t")).ticket.id;
  must(move(other.id, PaymentState::paid, ticket));
  expect_error(move(p.id, PaymentState::pending, ticket), Errc::already_exists, "ticket_id:");
  EXPECT_EQ(must(store().payments().find(p.id)).state, PaymentState::initiated);
}

TEST_F(PaymentsTest, ListIsNewestFirst) {
  Payment a = create("ws_CO_a");
  Payment b = create("ws_CO_b");
  auto listed = must(store().payments().list(10));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, b.id);
  EXPECT_EQ(listed[1].id, a.id);
  EXPECT_EQ(must(store().payments().list(1)).size(), 1u);
  EXPECT_FALSE(store().payments().list(0));
  auto missing = store().payments().find_by_receipt("NOPE");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(PaymentsTest, RawMessagesAreKeptVerbatim) {
  Payment p = create();
  const std::string callback =
      R"({"Body":{"stkCallback":{"ResultCode":0,"CallbackMetadata":{"Item":[)"
      R"({"Name":"PhoneNumber","Value":254712345678}]}}}})";
  const std::int64_t first =
      must(store().payments().add_event(p.id, "callback", callback, "daraja"));
  must(store().payments().add_event(p.id, "query", "{}", "daraja"));
  // A callback that matches no payment is kept too.
  must(store().payments().add_event(std::nullopt, "callback", "{\"unmatched\":true}", "daraja"));

  auto events = must(store().payments().events(p.id));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, first);
  EXPECT_EQ(events[0].payload, callback);
  EXPECT_EQ(events[0].kind, "callback");
  EXPECT_EQ(events[1].kind, "query");
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM payment_events"), 3);
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "payment.event");

  auto unknown = store().payments().add_event(999, "callback", "{}", "daraja");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  for (const char* kind : {"", "Callback", "call back", "x;y"}) {
    auto bad = store().payments().add_event(p.id, kind, "{}", "daraja");
    ASSERT_FALSE(bad) << kind;
    EXPECT_EQ(bad.error().message.rfind("kind:", 0), 0u);
  }
  auto huge = store().payments().add_event(p.id, "callback", std::string(kMaxEventPayload + 1, 'x'),
                                           "daraja");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().message.rfind("payload:", 0), 0u);
  EXPECT_EQ(sql_int(db_path(), "SELECT count(*) FROM payment_events"), 3);
}

TEST_F(PaymentsTest, PhoneNumbersStayOutOfLogsAuditAndOutbox) {
  Payment p = create();
  must(store().payments().add_event(p.id, "callback", "{\"PhoneNumber\":254712345678}", "daraja"));
  must(move(p.id, PaymentState::paid, paid_with("NLJ7RT61SV")));
  auto bad = draft();
  bad.phone = "0799 999 99x";
  EXPECT_FALSE(store().payments().create(bad, "portal"));

  const std::string audit = table_text(db_path(), "audit_log");
  const std::string outbox = table_text(db_path(), "outbox");
  EXPECT_EQ(audit.find(kPhoneDigits), std::string::npos) << audit;
  EXPECT_EQ(outbox.find(kPhoneDigits), std::string::npos);
  EXPECT_NE(audit.find("2547****5678"), std::string::npos);
  for (const auto& e : log_.entries()) EXPECT_EQ(e.message.find(kPhoneDigits), std::string::npos);
  // The books themselves keep the number, for the receipt and for support.
  EXPECT_EQ(must(store().payments().find(p.id)).phone, "254712345678");
}

TEST_F(PaymentsTest, PaymentsSurviveAReopen) {
  Payment p = create();
  must(move(p.id, PaymentState::paid, paid_with("NLJ7RT61SV")));
  close_store();
  Payment again = must(store().payments().find(p.id));
  EXPECT_EQ(again.state, PaymentState::paid);
  EXPECT_EQ(again.receipt, "NLJ7RT61SV");
  EXPECT_TRUE(must(store().check()).ok);
}

TEST(PaymentStateTest, NamesRoundTrip) {
  for (auto s : {PaymentState::initiated, PaymentState::pending, PaymentState::paid,
                 PaymentState::failed, PaymentState::unknown}) {
    EXPECT_EQ(must(parse_payment_state(payment_state_name(s))), s);
  }
  EXPECT_FALSE(parse_payment_state("PAID"));
}

}  // namespace
}  // namespace hotspot::storage::testing
