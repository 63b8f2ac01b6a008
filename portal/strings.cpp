#include "portal/strings.h"

#include <cstddef>

namespace hotspot::portal {
namespace {

struct Entry {
  Text key;
  std::string_view en;
  std::string_view sw;
};

// In the enum's order; the static_assert below refuses a missing, extra or misplaced entry.
constexpr Entry kTexts[] = {
    {Text::lang_code, "en", "sw"},
    {Text::other_language, "Kiswahili", "English"},
    {Text::welcome_default, "Get online with a plan or a voucher.",
     "Unganishwa na intaneti kwa kifurushi au vocha."},
    {Text::plans_heading, "Plans", "Vifurushi"},
    {Text::plan_devices_one, "1 device", "kifaa 1"},
    {Text::plan_devices_many, "{n} devices", "vifaa {n}"},
    {Text::speed_down_up, "{down} down / {up} up", "{down} kupakua / {up} kupakia"},
    {Text::speed_unlimited, "unlimited", "bila kikomo"},
    {Text::online_time_only, "counted only while online", "huhesabiwa ukiwa mtandaoni tu"},
    {Text::buy_heading, "Buy with M-PESA", "Nunua kwa M-PESA"},
    {Text::mpesa_unavailable,
     "Paying by M-PESA is not available at this hotspot yet. Ask the attendant for a voucher.",
     "Malipo kwa M-PESA bado hayapatikani kwenye hotspot hii. Omba vocha kwa mhudumu."},
    {Text::phone_label, "M-PESA phone number", "Nambari ya simu ya M-PESA"},
    {Text::buy_button, "Pay {price}", "Lipa {price}"},
    {Text::voucher_heading, "I have a voucher", "Nina vocha"},
    {Text::voucher_label, "Voucher code", "Nambari ya vocha"},
    {Text::connect_button, "Connect", "Unganisha"},
    {Text::router_said, "The hotspot said:", "Hotspot imesema:"},
    {Text::support_call, "Need help? Call {phone}.", "Unahitaji msaada? Piga simu {phone}."},
    {Text::home_link, "Back to the start", "Rudi mwanzo"},
    {Text::unit_day_one, "1 day", "siku 1"},
    {Text::unit_day_many, "{n} days", "siku {n}"},
    {Text::unit_hour_one, "1 hour", "saa 1"},
    {Text::unit_hour_many, "{n} hours", "saa {n}"},
    {Text::unit_minute_one, "1 minute", "dakika 1"},
    {Text::unit_minute_many, "{n} minutes", "dakika {n}"},
    {Text::unit_second_one, "1 second", "sekunde 1"},
    {Text::unit_second_many, "{n} seconds", "sekunde {n}"},
    {Text::short_day, "{n} d", "siku {n}"},
    {Text::short_hour, "{n} h", "saa {n}"},
    {Text::short_minute, "{n} min", "dak {n}"},
    {Text::short_second, "{n} s", "sek {n}"},
    {Text::redeem_mistyped, "That code has a typo: check it and try again.",
     "Nambari hiyo ina kosa la kuandika: iangalie kisha ujaribu tena."},
    {Text::redeem_unknown, "We do not know that code. Check it against your voucher.",
     "Hatuitambui nambari hiyo. Ilinganishe na vocha yako."},
    {Text::redeem_malformed,
     "That is not a voucher code. Codes are letters and numbers, like ABCD-EFGH.",
     "Hiyo si nambari ya vocha. Nambari za vocha ni herufi na tarakimu, kama ABCD-EFGH."},
    {Text::redeem_expired, "That voucher has expired.", "Muda wa vocha hiyo umekwisha."},
    {Text::redeem_exhausted, "That voucher is used up.", "Vocha hiyo imeshatumika yote."},
    {Text::redeem_revoked, "That voucher has been cancelled. Ask the attendant.",
     "Vocha hiyo imefutwa. Muulize mhudumu."},
    {Text::redeem_device_limit,
     "That voucher is already in use on as many devices as its plan allows. Log out on "
     "another device first.",
     "Vocha hiyo tayari inatumika kwenye vifaa vyote ambavyo kifurushi chake kinaruhusu. "
     "Toka kwenye kifaa kingine kwanza."},
    {Text::redeem_no_device, "Open this page from the hotspot's Wi-Fi login page.",
     "Fungua ukurasa huu kutoka kwenye ukurasa wa kuingia wa Wi-Fi ya hotspot."},
    {Text::redeem_router_down,
     "We could not reach the hotspot router. Nothing was used; please try again in a minute.",
     "Hatukuweza kufikia router ya hotspot. Hakuna kilichotumika; tafadhali jaribu tena baada "
     "ya dakika moja."},
    {Text::redeem_no_payment,
     "We found no paid M-PESA payment with that receipt or phone number. Check the M-PESA SMS.",
     "Hatukupata malipo ya M-PESA yenye risiti au nambari hiyo ya simu. Angalia SMS ya M-PESA."},
    {Text::redeem_payment_not_settled,
     "M-PESA has not confirmed that payment yet. Try again in a minute.",
     "M-PESA bado haijathibitisha malipo hayo. Jaribu tena baada ya dakika moja."},
    {Text::locked_out, "Too many wrong codes. Try again in {n} seconds.",
     "Umekosea nambari mara nyingi mno. Jaribu tena baada ya sekunde {n}."},
    {Text::connecting_title, "Connecting", "Tunakuunganisha"},
    {Text::connecting_text, "We are connecting you to the internet. If nothing happens, tap "
                            "Continue.",
     "Tunakuunganisha kwenye intaneti. Kama hakuna kinachotokea, gusa Endelea."},
    {Text::continue_button, "Continue", "Endelea"},
    {Text::status_title, "Your connection", "Muunganisho wako"},
    {Text::plan_label, "Plan", "Kifurushi"},
    {Text::time_left, "Time left", "Muda uliobaki"},
    {Text::data_left, "Data left", "Data iliyobaki"},
    {Text::state_label, "Status", "Hali"},
    {Text::state_online, "Connected", "Umeunganishwa"},
    {Text::state_offline, "Not connected", "Hujaunganishwa"},
    {Text::state_expired, "Expired", "Muda wake umekwisha"},
    {Text::state_exhausted, "Used up", "Imetumika yote"},
    {Text::state_revoked, "Cancelled", "Imefutwa"},
    {Text::no_time_limit, "No time limit", "Hakuna kikomo cha muda"},
    {Text::no_data_limit, "No data limit", "Hakuna kikomo cha data"},
    {Text::logout_button, "Log out", "Toka"},
    {Text::no_ticket,
     "We could not find a ticket for this phone. Buy a plan or enter a voucher to get online.",
     "Hatukupata tiketi ya simu hii. Nunua kifurushi au weka vocha ili uunganishwe."},
    {Text::get_online, "Get online", "Unganishwa"},
    {Text::logged_out_title, "You are logged out", "Umetoka"},
    {Text::logged_out_text, "What is left on your ticket is kept for next time.",
     "Kilichobaki kwenye tiketi yako kimehifadhiwa kwa ajili ya wakati ujao."},
    {Text::logout_not_online, "This phone is not online, so there was nothing to log out.",
     "Simu hii haijaunganishwa, kwa hivyo hakuna cha kutoka."},
    {Text::sorry_title, "Sorry", "Samahani"},
    {Text::page_not_found, "This page does not exist.", "Ukurasa huu haupo."},
    {Text::request_too_large, "That request was too large for us to read.",
     "Ombi hilo ni kubwa mno kwetu kulisoma."},
    {Text::request_unreadable,
     "Your phone sent a request we could not read. Please go back and try again.",
     "Simu yako ilituma ombi ambalo hatukuweza kulisoma. Tafadhali rudi nyuma ujaribu tena."},
    {Text::too_many_headers, "Your phone sent too much with its request. Please try again.",
     "Simu yako ilituma maelezo mengi mno pamoja na ombi. Tafadhali jaribu tena."},
    {Text::server_trouble, "Something went wrong on our side. Please try again in a moment.",
     "Kuna hitilafu upande wetu. Tafadhali jaribu tena baada ya muda mfupi."},
    {Text::portal_restarting, "The hotspot is restarting. Please try again in a moment.",
     "Hotspot inaanza upya. Tafadhali jaribu tena baada ya muda mfupi."},
    {Text::buy_unavailable,
     "Paying by M-PESA is not available right now. Try again later, or ask the attendant for a "
     "voucher.",
     "Malipo kwa M-PESA hayapatikani kwa sasa. Jaribu tena baadaye, au omba vocha kwa mhudumu."},
    {Text::buy_unknown_plan, "That plan is not on sale. Choose one of the plans below.",
     "Kifurushi hicho hakiuzwi. Chagua kimojawapo cha vifurushi hapa chini."},
    {Text::buy_invalid_phone, "That is not a Kenyan mobile number. Type it like 0712 345 678.",
     "Hiyo si nambari ya simu ya Kenya. Iandike hivi: 0712 345 678."},
    {Text::buy_phone_busy,
     "That phone already has an M-PESA request open. Answer it on the phone, or try again in "
     "{n} seconds.",
     "Simu hiyo tayari ina ombi la M-PESA. Lijibu kwenye simu, au jaribu tena baada ya "
     "sekunde {n}."},
    {Text::buy_too_many, "Too many payment requests. Try again in {n} seconds.",
     "Maombi mengi mno ya malipo. Jaribu tena baada ya sekunde {n}."},
    {Text::buy_failed,
     "We could not start the payment. Nothing was charged; please try again in a minute.",
     "Hatukuweza kuanzisha malipo. Hakuna pesa iliyokatwa; tafadhali jaribu tena baada ya "
     "dakika moja."},
    {Text::wait_title, "Check your phone", "Angalia simu yako"},
    {Text::wait_sending, "We are sending the payment request to your phone.",
     "Tunatuma ombi la malipo kwenye simu yako."},
    {Text::wait_text, "Check your phone and enter your M-PESA PIN.",
     "Angalia simu yako na uweke PIN yako ya M-PESA."},
    {Text::wait_updates, "This page updates by itself.", "Ukurasa huu unajisasisha wenyewe."},
    {Text::refresh_button, "Refresh", "Sasisha"},
    {Text::amount_label, "Amount", "Kiasi"},
    {Text::phone_short_label, "Phone", "Simu"},
    {Text::paid_title, "Payment received", "Malipo yamepokelewa"},
    {Text::online_title, "You are online", "Umeunganishwa"},
    {Text::ticket_code_label, "Ticket code", "Nambari ya tiketi"},
    {Text::receipt_label, "M-PESA receipt", "Risiti ya M-PESA"},
    {Text::receipt_pending, "will follow", "itafuata"},
    {Text::paid_keep_code, "Keep this code: you can enter it as a voucher to get online.",
     "Hifadhi nambari hii: unaweza kuiweka kama vocha ili uunganishwe."},
    {Text::purchase_failed_title, "Payment not completed", "Malipo hayajakamilika"},
    {Text::try_again, "Try again", "Jaribu tena"},
    {Text::purchase_not_found, "We could not find this purchase. Start again from the plans.",
     "Hatukupata ununuzi huu. Anza tena kutoka kwenye vifurushi."},
    {Text::purchase_unknown_title, "No answer from M-PESA yet", "Bado hakuna jibu kutoka M-PESA"},
    {Text::paid_heading, "I paid but I'm not online", "Nimelipa lakini sijaunganishwa"},
    {Text::paid_label, "M-PESA receipt code, or the phone number that paid",
     "Nambari ya risiti ya M-PESA, au nambari ya simu iliyolipa"},
    {Text::paid_malformed,
     "Type the M-PESA receipt code (like QK12AB34CD) or the phone number that paid.",
     "Andika nambari ya risiti ya M-PESA (kama QK12AB34CD) au nambari ya simu iliyolipa."},
};

constexpr bool table_matches_enum() {
  constexpr auto count = static_cast<std::size_t>(Text::count_);
  if (std::size(kTexts) != count) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (static_cast<std::size_t>(kTexts[i].key) != i) return false;
    if (kTexts[i].en.empty() || kTexts[i].sw.empty()) return false;
  }
  return true;
}
static_assert(table_matches_enum(), "kTexts must hold every Text, in the enum's order");

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The quality of one Accept-Language entry ("sw-KE;q=0.8"), in thousandths; 1000 without q.
int quality_of(std::string_view params) {
  const auto q = params.find("q=");
  if (q == std::string_view::npos) return 1000;
  std::string_view value = trim(params.substr(q + 2));
  int whole = 0;
  int thousandths = 0;
  int scale = 100;
  bool after_point = false;
  for (char c : value) {
    if (c == '.') {
      after_point = true;
    } else if (c >= '0' && c <= '9') {
      if (!after_point) {
        whole = whole * 10 + (c - '0');
        if (whole > 1) return 1000;
      } else if (scale > 0) {
        thousandths += (c - '0') * scale;
        scale /= 10;
      }
    } else {
      break;
    }
  }
  return whole >= 1 ? 1000 : thousandths;
}

}  // namespace

std::string_view text(Lang lang, Text key) {
  const auto index = static_cast<std::size_t>(key);
  if (index >= std::size(kTexts)) return {};
  return lang == Lang::sw ? kTexts[index].sw : kTexts[index].en;
}

std::string text_with(Lang lang, Text key, std::string_view name, std::string_view value) {
  const std::string placeholder = "{" + std::string(name) + "}";
  std::string out(text(lang, key));
  for (auto pos = out.find(placeholder); pos != std::string::npos;
       pos = out.find(placeholder, pos + value.size())) {
    out.replace(pos, placeholder.size(), value);
  }
  return out;
}

bool parse_lang(std::string_view raw, Lang& out) {
  const std::string_view t = trim(raw);
  if (t.size() != 2) return false;
  const char a = lower(t[0]);
  const char b = lower(t[1]);
  if (a == 'e' && b == 'n') {
    out = Lang::en;
    return true;
  }
  if (a == 's' && b == 'w') {
    out = Lang::sw;
    return true;
  }
  return false;
}

Lang choose_language(std::string_view query_lang, std::string_view cookie_lang,
                     std::string_view accept_language) {
  Lang lang = Lang::en;
  if (parse_lang(query_lang, lang) || parse_lang(cookie_lang, lang)) return lang;
  // "sw-KE,sw;q=0.9,en;q=0.8": the best-rated of our two languages wins; ties go to the
  // first listed. A header past 512 bytes is not worth reading whole.
  std::string_view rest = accept_language.substr(0, 512);
  int best_quality = 0;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto semicolon = item.find(';');
    std::string_view tag = trim(item.substr(0, semicolon));
    const int quality =
        semicolon == std::string_view::npos ? 1000 : quality_of(item.substr(semicolon + 1));
    Lang candidate = Lang::en;
    if (!parse_lang(tag.substr(0, tag.find('-')), candidate)) continue;
    if (quality > best_quality) {
      best_quality = quality;
      lang = candidate;
    }
  }
  return lang;
}

}  // namespace hotspot::portal
