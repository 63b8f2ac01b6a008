#include "payments/daraja/outcomes.h"

#include <string>

namespace hotspot::payments::daraja {

PaymentOutcome classify_result_code(std::string_view c) {
  if (c == "0") return PaymentOutcome::paid;
  if (c == "1032") return PaymentOutcome::cancelled;
  if (c == "1037" || c == "1019" || c == "1025" || c == "9999") return PaymentOutcome::timeout;
  if (c == "2001") return PaymentOutcome::wrong_pin;
  if (c == "1") return PaymentOutcome::insufficient_funds;
  if (c == "17" || c == "26" || c == "1001") return PaymentOutcome::busy;
  return PaymentOutcome::failed;
}

PaymentOutcome classify_push_refusal(const DarajaError& error) {
  switch (classify_daraja_error(error)) {
    case DarajaErrorKind::subscriber_locked:
      return PaymentOutcome::busy;
    case DarajaErrorKind::still_processing:
      return PaymentOutcome::still_processing;
    case DarajaErrorKind::bad_request:
      // The one bad request the customer caused: a number M-PESA does not know.
      if (error.error_message.find("PhoneNumber") != std::string::npos) {
        return PaymentOutcome::invalid_phone;
      }
      return PaymentOutcome::failed;
    default:
      return PaymentOutcome::failed;
  }
}

const char* payment_outcome_name(PaymentOutcome outcome) {
  switch (outcome) {
    case PaymentOutcome::paid:
      return "paid";
    case PaymentOutcome::still_processing:
      return "still-processing";
    case PaymentOutcome::cancelled:
      return "cancelled";
    case PaymentOutcome::timeout:
      return "timeout";
    case PaymentOutcome::wrong_pin:
      return "wrong-pin";
    case PaymentOutcome::insufficient_funds:
      return "insufficient-funds";
    case PaymentOutcome::busy:
      return "busy";
    case PaymentOutcome::invalid_phone:
      return "invalid-phone";
    case PaymentOutcome::failed:
      return "failed";
  }
  return "failed";
}

bool is_provider_problem(std::string_view c) {
  return c == "2" || c == "3" || c == "4" || c == "8" || c == "2028" || c == "SFC_IC0003";
}

bool customer_can_retry(PaymentOutcome outcome) {
  return outcome != PaymentOutcome::paid && outcome != PaymentOutcome::still_processing &&
         outcome != PaymentOutcome::failed;
}

namespace {

struct Sentences {
  std::string_view english;
  std::string_view swahili;
};

Sentences sentences(PaymentOutcome outcome) {
  switch (outcome) {
    case PaymentOutcome::paid:
      return {"Payment received. You are being connected.",
              "Malipo yamepokelewa. Unaunganishwa sasa."};
    case PaymentOutcome::still_processing:
      return {"Check your phone and enter your M-PESA PIN to pay.",
              "Angalia simu yako na uweke PIN yako ya M-PESA ili kulipa."};
    case PaymentOutcome::cancelled:
      return {"You cancelled the M-PESA request. You can try again.",
              "Umeghairi ombi la M-PESA. Unaweza kujaribu tena."};
    case PaymentOutcome::timeout:
      return {
          "We could not reach your phone, or the PIN was not entered in time. Make sure your "
          "phone is on and try again.",
          "Hatukuweza kufikia simu yako, au PIN haikuwekwa kwa wakati. Hakikisha simu yako "
          "imewashwa kisha ujaribu tena."};
    case PaymentOutcome::wrong_pin:
      return {"The M-PESA PIN was wrong. Please try again.",
              "PIN ya M-PESA si sahihi. Tafadhali jaribu tena."};
    case PaymentOutcome::insufficient_funds:
      return {
          "Your M-PESA balance is not enough for this package. Top up and try again.",
          "Salio lako la M-PESA halitoshi kwa kifurushi hiki. Ongeza salio kisha ujaribu tena."};
    case PaymentOutcome::busy:
      return {
          "M-PESA is still busy with another request on your line. Please wait two minutes "
          "and try again.",
          "M-PESA bado inashughulikia ombi lingine kwenye laini yako. Tafadhali subiri dakika "
          "mbili kisha ujaribu tena."};
    case PaymentOutcome::invalid_phone:
      return {"This number cannot pay with M-PESA. Please use an M-PESA registered Safaricom line.",
              "Nambari hii haiwezi kulipa kwa M-PESA. Tafadhali tumia laini ya Safaricom "
              "iliyosajiliwa na M-PESA."};
    case PaymentOutcome::failed:
      break;
  }
  return {"The payment did not go through. Please try again later or ask the attendant for help.",
          "Malipo hayakufanikiwa. Tafadhali jaribu tena baadaye au uombe msaada kwa mhudumu."};
}

}  // namespace

std::string_view customer_message(PaymentOutcome outcome, Language language) {
  const Sentences s = sentences(outcome);
  return language == Language::swahili ? s.swahili : s.english;
}

std::string_view unconfirmed_message(Language language) {
  return language == Language::swahili
             ? "Hatujapata jibu kutoka M-PESA. Kama pesa imetoka kwenye akaunti yako, andika "
               "nambari ya risiti ya M-PESA kutoka kwenye SMS hapa chini."
             : "We have not heard back from M-PESA. If the money left your account, type the "
               "M-PESA receipt code from the SMS below.";
}

}  // namespace hotspot::payments::daraja
