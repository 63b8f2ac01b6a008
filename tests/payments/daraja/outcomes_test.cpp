#include "payments/daraja/outcomes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace hotspot::payments::daraja {
namespace {

using O = PaymentOutcome;

TEST(ClassifyResultCode, FollowsTheReferenceTable) {
  const std::pair<const char*, O> cases[] = {
      {"0", O::paid},         {"1032", O::cancelled},
      {"1037", O::timeout},   {"1019", O::timeout},
      {"1025", O::timeout},   {"9999", O::timeout},
      {"2001", O::wrong_pin}, {"1", O::insufficient_funds},
      {"17", O::busy},        {"26", O::busy},
      {"1001", O::busy},      {"2", O::failed},
      {"3", O::failed},       {"4", O::failed},
      {"8", O::failed},       {"2028", O::failed},
      {"8006", O::failed},    {"SFC_IC0003", O::failed},
      {"", O::failed},        {"00", O::failed},
      {"12345", O::failed},
  };
  for (const auto& [code, outcome] : cases) {
    EXPECT_EQ(classify_result_code(code), outcome)
        << code << " -> " << payment_outcome_name(classify_result_code(code));
  }
}

TEST(ClassifyPushRefusal, TellsTheCustomerOnlyWhatTheyCanActOn) {
  const std::pair<DarajaError, O> cases[] = {
      {{"r", "400.002.02", "Bad Request - Invalid PhoneNumber"}, O::invalid_phone},
      {{"r", "400.002.02", "Bad Request - Invalid Amount"}, O::failed},
      {{"r", "500.001.1001",
        "Unable to lock subscriber, a transaction is already in process for the current "
        "subscriber"},
       O::busy},
      {{"r", "500.001.1001", "Wrong credentials"}, O::failed},
      {{"r", "500.003.02", "Error Occurred: Spike Arrest Violation"}, O::failed},
      {{"r", "404.001.03", "Invalid Access Token"}, O::failed},
  };
  for (const auto& [e, outcome] : cases) {
    EXPECT_EQ(classify_push_refusal(e), outcome) << e.error_message;
  }
}

TEST(IsProviderProblem, FlagsConfigurationAndLimitCodesOnly) {
  for (const char* c : {"2", "3", "4", "8", "2028", "SFC_IC0003"})
    EXPECT_TRUE(is_provider_problem(c));
  for (const char* c : {"0", "1", "1032", "1037", "2001", "17", "8006"}) {
    EXPECT_FALSE(is_provider_problem(c)) << c;
  }
}

TEST(CustomerCanRetry, OnlyWhatTheCustomerCanFix) {
  EXPECT_TRUE(customer_can_retry(O::cancelled));
  EXPECT_TRUE(customer_can_retry(O::timeout));
  EXPECT_TRUE(customer_can_retry(O::wrong_pin));
  EXPECT_TRUE(customer_can_retry(O::insufficient_funds));
  EXPECT_TRUE(customer_can_retry(O::busy));
  EXPECT_FALSE(customer_can_retry(O::paid));
  EXPECT_FALSE(customer_can_retry(O::still_processing));
  EXPECT_FALSE(customer_can_retry(O::failed));
}

TEST(CustomerMessage, EveryOutcomeHasItsOwnSentenceInBothLanguages) {
  const O all[] = {O::paid,    O::still_processing, O::cancelled,
                   O::timeout, O::wrong_pin,        O::insufficient_funds,
                   O::busy,    O::invalid_phone,    O::failed};
  std::set<std::string> english, swahili;
  for (O o : all) {
    const std::string en(customer_message(o, Language::english));
    const std::string sw(customer_message(o, Language::swahili));
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(sw.empty());
    EXPECT_NE(en, sw) << payment_outcome_name(o);
    EXPECT_EQ(en.back(), '.');
    EXPECT_EQ(sw.back(), '.');
    english.insert(en);
    swahili.insert(sw);
  }
  EXPECT_EQ(english.size(), std::size(all));
  EXPECT_EQ(swahili.size(), std::size(all));
  EXPECT_EQ(customer_message(O::wrong_pin, Language::swahili),
            "PIN ya M-PESA si sahihi. Tafadhali jaribu tena.");
}

}  // namespace
}  // namespace hotspot::payments::daraja
