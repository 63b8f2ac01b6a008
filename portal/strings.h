#pragma once
// Every sentence a customer reads, in English and Swahili, keyed by one enum so that a page
// cannot show a string one language lacks (the table's size is checked when it compiles).

#include <string>
#include <string_view>

namespace hotspot::portal {

enum class Lang { en, sw };

enum class Text {
  lang_code,           // "en" / "sw": the page's lang attribute
  other_language,      // the name of the other language, for the switch link
  welcome_default,     // under the provider's name when it set no welcome text
  plans_heading,
  plan_devices_one,
  plan_devices_many,   // {n}
  speed_down_up,       // {down}, {up}
  speed_unlimited,
  online_time_only,
  buy_heading,
  mpesa_unavailable,
  phone_label,
  buy_button,          // {price}
  voucher_heading,
  voucher_label,
  connect_button,
  router_said,
  support_call,        // {phone}
  home_link,
  unit_day_one,
  unit_day_many,       // {n}; likewise below
  unit_hour_one,
  unit_hour_many,
  unit_minute_one,
  unit_minute_many,
  unit_second_one,
  unit_second_many,
  short_day,           // "{n} d": time left, compact
  short_hour,
  short_minute,
  short_second,
  redeem_mistyped,
  redeem_unknown,
  redeem_malformed,
  redeem_expired,
  redeem_exhausted,
  redeem_revoked,
  redeem_device_limit,
  redeem_no_device,
  redeem_router_down,
  redeem_no_payment,
  redeem_payment_not_settled,
  locked_out,          // {n} seconds
  connecting_title,
  connecting_text,
  continue_button,
  status_title,
  plan_label,
  time_left,
  data_left,
  state_label,
  state_online,
  state_offline,
  state_expired,
  state_exhausted,
  state_revoked,
  no_time_limit,
  no_data_limit,
  logout_button,
  no_ticket,
  get_online,
  logged_out_title,
  logged_out_text,
  logout_not_online,
  sorry_title,
  page_not_found,
  request_too_large,
  request_unreadable,
  too_many_headers,
  server_trouble,
  portal_restarting,
  // Buying with M-PESA.
  buy_unavailable,
  buy_unknown_plan,
  buy_invalid_phone,
  buy_phone_busy,      // {n} seconds
  buy_too_many,        // {n} seconds
  buy_failed,
  wait_title,
  wait_sending,
  wait_text,
  wait_updates,
  refresh_button,
  amount_label,
  phone_short_label,
  paid_title,
  online_title,
  ticket_code_label,
  receipt_label,
  receipt_pending,
  paid_keep_code,
  purchase_failed_title,
  try_again,
  purchase_not_found,
  purchase_unknown_title,
  paid_heading,        // "I paid but I'm not online"
  paid_label,
  paid_malformed,
  count_,  // not a text: the number of texts
};

std::string_view text(Lang lang, Text key);
// The text with "{name}" replaced by `value` (every occurrence).
std::string text_with(Lang lang, Text key, std::string_view name, std::string_view value);

// ?lang=, then the hs_lang cookie, then the first of en/sw in Accept-Language by quality;
// English when nothing says otherwise.
Lang choose_language(std::string_view query_lang, std::string_view cookie_lang,
                     std::string_view accept_language);
// "en" -> en, "sw" -> sw (case-insensitive); false for anything else.
bool parse_lang(std::string_view text, Lang& out);

}  // namespace hotspot::portal
