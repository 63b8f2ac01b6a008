#include "portal/purchase_pages.h"

#include "core/money.h"
#include "portal/html.h"

namespace hotspot::portal {
namespace {

std::string row(std::string_view term, std::string_view value, std::string_view css = {}) {
  std::string out = "<dt>" + html_escape(term) + "</dt><dd";
  if (!css.empty()) out += " class=\"" + std::string(css) + "\"";
  return out + ">" + html_escape(value) + "</dd>";
}

std::string section(Lang lang, Text heading, std::string_view inner) {
  return "<section><h2>" + html_escape(text(lang, heading)) + "</h2>" + std::string(inner) +
         "</section>";
}

std::string paragraph(std::string_view sentence) {
  return "<p>" + html_escape(sentence) + "</p>";
}

// The waiting page's own address as a GET form, for a button that asks again.
std::string again_form(Lang lang, Text label, const PurchasePlace& place) {
  return "<form method=\"get\" action=\"/buy/wait\">" + hidden_input("k", place.key) +
         router_hidden_fields(place.fields) + "<button type=\"submit\">" +
         html_escape(text(lang, label)) + "</button></form>";
}

std::string link_button(std::string_view href, std::string_view label) {
  return "<p><a class=\"button\" href=\"" + html_escape(href) + "\">" + html_escape(label) +
         "</a></p>";
}

}  // namespace

std::string paid_form(Lang lang, const RouterFields& fields, std::string_view typed) {
  return "<form method=\"post\" action=\"/paid\">" + router_hidden_fields(fields) +
         "<label for=\"receipt\">" + html_escape(text(lang, Text::paid_label)) +
         "</label><input id=\"receipt\" name=\"receipt\" type=\"text\" autocomplete=\"off\" "
         "autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"32\" required "
         "placeholder=\"QK12AB34CD\" value=\"" +
         html_escape(typed) + "\"><button type=\"submit\">" +
         html_escape(text(lang, Text::connect_button)) + "</button></form>";
}

std::string purchase_details(Lang lang, const PurchaseView& purchase) {
  std::string out = "<dl>";
  if (purchase.login && purchase.login->ticket) {
    out += row(text(lang, Text::ticket_code_label), purchase.login->ticket->code, "code");
  }
  out += row(text(lang, Text::receipt_label), purchase.receipt.empty()
                                                  ? text(lang, Text::receipt_pending)
                                                  : std::string_view(purchase.receipt));
  out += row(text(lang, Text::plan_label), purchase.plan_name);
  return out + "</dl>";
}

std::string render_purchase_waiting(const PageFrame& frame, const PurchaseView& purchase,
                                    const PurchasePlace& place) {
  const Lang lang = frame.lang;
  const Text what = purchase.stage == PurchaseStage::sending ? Text::wait_sending : Text::wait_text;
  const std::string details =
      "<dl>" + row(text(lang, Text::plan_label), purchase.plan_name) +
      row(text(lang, Text::amount_label), format_kes(Kes{purchase.amount_kes})) +
      row(text(lang, Text::phone_short_label), purchase.phone_masked) + "</dl>";
  const std::string body =
      section(lang, Text::wait_title,
              "<p class=\"msg\" role=\"status\">" + html_escape(text(lang, what)) + "</p>" +
                  details + paragraph(text(lang, Text::wait_updates)) +
                  again_form(lang, Text::refresh_button, place)) +
      "<script>" + std::string(kWaitReloadScript) + "</script>";
  const std::string head = "<noscript><meta http-equiv=\"refresh\" content=\"" +
                           std::to_string(kWaitRefreshSeconds) + "\"></noscript>";
  return render_page(frame, text(lang, Text::wait_title), body, head);
}

std::string render_purchase_online(const PageFrame& frame, const PurchaseView& purchase,
                                   std::string_view continue_href) {
  const Lang lang = frame.lang;
  const std::string body =
      section(lang, Text::online_title,
              purchase_details(lang, purchase) +
                  link_button(continue_href, text(lang, Text::continue_button)));
  return render_page(frame, text(lang, Text::online_title), body);
}

std::string render_purchase_paid(const PageFrame& frame, const PurchaseView& purchase,
                                 std::string_view sentence, const PurchasePlace& place) {
  const Lang lang = frame.lang;
  std::string inner = message_box(sentence) + purchase_details(lang, purchase);
  if (purchase.login && purchase.login->ticket) {
    inner += paragraph(text(lang, Text::paid_keep_code));
  }
  inner += again_form(lang, Text::try_again, place);
  const std::string body = section(lang, Text::paid_title, inner) + home_link(lang);
  return render_page(frame, text(lang, Text::paid_title), body);
}

std::string render_purchase_failed(const PageFrame& frame, const PurchaseView& purchase,
                                   const PurchasePlace& place) {
  const Lang lang = frame.lang;
  std::string body = section(lang, Text::purchase_failed_title, message_box(purchase.message));
  if (purchase.can_retry) {
    const std::string query = router_fields_query(place.fields);
    body += link_button(query.empty() ? "/" : "/?" + query, text(lang, Text::try_again));
  } else {
    body += home_link(lang);
  }
  return render_page(frame, text(lang, Text::purchase_failed_title), body);
}

std::string render_purchase_unknown(const PageFrame& frame, const PurchaseView& purchase,
                                    const PurchasePlace& place) {
  const Lang lang = frame.lang;
  const std::string body =
      section(lang, Text::purchase_unknown_title,
              message_box(purchase.message) + again_form(lang, Text::refresh_button, place)) +
      section(lang, Text::paid_heading, paid_form(lang, place.fields, {}));
  return render_page(frame, text(lang, Text::purchase_unknown_title), body);
}

}  // namespace hotspot::portal
