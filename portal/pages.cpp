#include "portal/pages.h"

#include <algorithm>
#include <cmath>

#include "core/bytes.h"
#include "core/money.h"
#include "portal/html.h"
#include "portal/purchase_pages.h"
#include "portal/wording.h"

namespace hotspot::portal {
namespace {

constexpr std::string_view kDefaultColour = "#0b5fa5";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// WCAG relative luminance of a "#rrggbb" colour.
double luminance(std::string_view colour) {
  double channels[3];
  for (int i = 0; i < 3; ++i) {
    const int value = hex_digit(colour[1 + 2 * i]) * 16 + hex_digit(colour[2 + 2 * i]);
    const double c = value / 255.0;
    channels[i] = c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

// White or near-black, whichever reads better on `colour`; one of them always reaches 4.5:1.
std::string_view text_colour_on(std::string_view colour) {
  const double l = luminance(colour);
  const double with_white = 1.05 / (l + 0.05);
  const double with_dark = (l + 0.05) / (luminance("#111111") + 0.05);
  return with_white >= with_dark ? "#ffffff" : "#111111";
}

// One small sheet for every page; {c} is the brand colour and {t} the text drawn on it.
constexpr std::string_view kStyle =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,Roboto,sans-serif;color:#1a1a1a;"
    "background:#f4f5f7}"
    "header{background:{c};color:{t};padding:8px 16px;display:flex;"
    "justify-content:space-between;align-items:center;gap:8px}"
    "header h1{margin:0;font-size:1.3em}"
    "header a{color:{t};min-height:44px;display:inline-flex;align-items:center}"
    "main{max-width:34em;margin:0 auto;padding:8px 16px 24px}"
    "section{background:#fff;border:1px solid #d0d4da;border-radius:8px;padding:12px 16px;"
    "margin:12px 0}"
    "h2{font-size:1.15em;margin:.2em 0 .5em}"
    ".plan{border-top:1px solid #e1e4e8;padding:8px 0}.plan:first-of-type{border:0}"
    ".plan h3{font-size:1.1em;margin:.2em 0}.plan p{margin:.2em 0}"
    ".price{font-weight:bold}"
    "label{display:block;font-weight:bold;margin:8px 0 4px}"
    "input{width:100%;min-height:44px;font-size:1.1em;padding:8px;border:2px solid #5c6670;"
    "border-radius:6px}"
    "button,.button{display:block;width:100%;min-height:48px;margin-top:10px;font-size:1.1em;"
    "font-weight:bold;border:0;border-radius:6px;background:{c};color:{t};text-align:center;"
    "text-decoration:none;padding:12px}"
    ".msg{background:#fff4e5;border-left:4px solid #b35c00;padding:8px 12px}"
    "dt{font-weight:bold}dd{margin:0 0 8px}.code{font-size:1.4em;font-weight:bold;"
    "letter-spacing:.08em}"
    "a{color:#0b4f8a}footer{text-align:center;color:#4a4a4a;padding:16px}";

// `colour` has been through safe_colour: it cannot end the rule it is put in.
std::string build_style(std::string_view colour) {
  std::string out;
  out.reserve(kStyle.size() + 64);
  for (std::size_t i = 0; i < kStyle.size(); ++i) {
    if (kStyle.substr(i, 3) == "{c}") {
      out += colour;
      i += 2;
    } else if (kStyle.substr(i, 3) == "{t}") {
      out += text_colour_on(colour);
      i += 2;
    } else {
      out.push_back(kStyle[i]);
    }
  }
  return out;
}

// Every page carries the style sheet, and the provider's colour rarely changes: each thread
// keeps the last one built (the contrast check behind {t} is the costly part).
const std::string& style(std::string_view colour) {
  thread_local std::string built_for;
  thread_local std::string built;
  if (built.empty() || built_for != colour) {
    built = build_style(colour);
    built_for = colour;
  }
  return built;
}

std::string plan_entry(Lang lang, const PlanOffer& offer) {
  std::string out = "<div class=\"plan\"><h3>" + html_escape(offer.name) +
                    "</h3><p><span class=\"price\">" +
                    html_escape(format_kes(Kes{offer.price_kes})) + "</span> · " +
                    html_escape(words_for_allowance(lang, offer));
  if (std::string speed = words_for_speed(lang, offer); !speed.empty()) {
    out += "<br>" + html_escape(speed);
  }
  out += "<br>" + html_escape(words_for_devices(lang, offer.devices)) + "</p>";
  return out;
}

// One form per plan, posting the plan and the phone to /buy; a phone typed before is kept.
std::string buy_form(Lang lang, const PlanOffer& offer, const LandingView& view) {
  const std::string id = "phone-" + std::to_string(offer.id);
  // "#buy": a refusal's page opens at the buy area, where its sentence is.
  return "<form method=\"post\" action=\"/buy#buy\">" +
         hidden_input("plan", std::to_string(offer.id)) + router_hidden_fields(view.fields) +
         "<label for=\"" + id + "\">" + html_escape(text(lang, Text::phone_label)) +
         "</label><input id=\"" + id +
         "\" name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\" "
         "maxlength=\"20\" placeholder=\"07XX XXX XXX\" required value=\"" +
         html_escape(view.typed_phone) + "\"><button type=\"submit\">" +
         html_escape(text_with(lang, Text::buy_button, "price", format_kes(Kes{offer.price_kes}))) +
         "</button></form>";
}

// With M-PESA on, the plans are the purchase: each carries its own form.
std::string plans_section(Lang lang, const LandingView& view) {
  const Text heading = view.mpesa_available ? Text::buy_heading : Text::plans_heading;
  std::string out = "<section id=\"buy\"><h2>" + html_escape(text(lang, heading)) + "</h2>";
  if (view.mpesa_available) out += message_box(view.buy_message);
  const std::size_t shown = std::min(view.offers.size(), kMaxPlansShown);
  for (std::size_t i = 0; i < shown; ++i) {
    const PlanOffer& offer = view.offers[i];
    out += plan_entry(lang, offer);
    if (view.mpesa_available) out += buy_form(lang, offer, view);
    out += "</div>";
  }
  out += "</section>";
  return out;
}

// Without M-PESA, why not: the sentence of a purchase that was just refused, or the usual one.
std::string buy_section(Lang lang, const LandingView& view) {
  if (view.mpesa_available) return {};
  const std::string why = view.buy_message.empty()
                              ? "<p>" + html_escape(text(lang, Text::mpesa_unavailable)) + "</p>"
                              : message_box(view.buy_message);
  return "<section><h2>" + html_escape(text(lang, Text::buy_heading)) + "</h2>" + why +
         "</section>";
}

// "I paid but I'm not online", under the plans; also shown to answer a claim that failed.
std::string paid_section(Lang lang, const LandingView& view) {
  if (!view.mpesa_available && view.paid_message.empty()) return {};
  return "<section id=\"paid\"><h2>" + html_escape(text(lang, Text::paid_heading)) + "</h2>" +
         message_box(view.paid_message) + paid_form(lang, view.fields, view.typed_receipt) +
         "</section>";
}

std::string voucher_section(Lang lang, const LandingView& view) {
  return "<section><h2>" + html_escape(text(lang, Text::voucher_heading)) +
         "</h2><form method=\"post\" action=\"/redeem\">" + router_hidden_fields(view.fields) +
         "<label for=\"code\">" + html_escape(text(lang, Text::voucher_label)) +
         "</label><input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"off\" "
         "autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"32\" required value=\"" +
         html_escape(view.typed_code) + "\"><button type=\"submit\">" +
         html_escape(text(lang, Text::connect_button)) + "</button></form></section>";
}

std::string state_words(Lang lang, const TicketView& ticket) {
  if (ticket.state == "expired") return std::string(text(lang, Text::state_expired));
  if (ticket.state == "exhausted") return std::string(text(lang, Text::state_exhausted));
  if (ticket.state == "revoked") return std::string(text(lang, Text::state_revoked));
  return std::string(text(lang, ticket.online ? Text::state_online : Text::state_offline));
}

std::string ticket_details(Lang lang, const TicketView& ticket) {
  auto row = [](std::string_view term, std::string_view value) {
    return "<dt>" + html_escape(term) + "</dt><dd>" + html_escape(value) + "</dd>";
  };
  const std::string time_left = ticket.seconds_left ? short_duration(lang, *ticket.seconds_left)
                                                    : std::string(text(lang, Text::no_time_limit));
  const std::string data_left = ticket.bytes_left ? format_human_bytes(*ticket.bytes_left)
                                                  : std::string(text(lang, Text::no_data_limit));
  return "<dl>" + row(text(lang, Text::plan_label), ticket.plan_name) +
         row(text(lang, Text::state_label), state_words(lang, ticket)) +
         row(text(lang, Text::time_left), time_left) + row(text(lang, Text::data_left), data_left) +
         "</dl>";
}

}  // namespace

std::string render_page(const PageFrame& frame, std::string_view title, std::string_view body,
                        std::string_view head) {
  const Lang lang = frame.lang;
  const std::string colour = safe_colour(frame.branding.primary_colour);
  std::string out;
  out.reserve(4096 + body.size());
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += text(lang, Text::lang_code);
  out +=
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>";
  out += html_escape(title);
  out += "</title><style>";
  out += style(colour);
  out += "</style>";
  out += head;
  out += "</head><body><header><h1>";
  out += html_escape(frame.branding.name);
  out += "</h1><a href=\"" + html_escape(frame.switch_href) + "\" hreflang=\"";
  out += lang == Lang::en ? "sw" : "en";
  out += "\">" + html_escape(text(lang, Text::other_language)) + "</a></header><main>";
  out += body;
  out += "</main>";
  if (!frame.branding.support_phone.empty()) {
    out += "<footer>" +
           html_escape(text_with(lang, Text::support_call, "phone", frame.branding.support_phone)) +
           "</footer>";
  }
  out += "</body></html>\n";
  return out;
}

std::string hidden_input(std::string_view name, std::string_view value) {
  if (value.empty()) return {};
  return "<input type=\"hidden\" name=\"" + html_escape(name) + "\" value=\"" + html_escape(value) +
         "\">";
}

std::string router_hidden_fields(const RouterFields& fields) {
  const DeviceContext& d = fields.device;
  return hidden_input("mac", d.mac) + hidden_input("ip", d.ip) +
         hidden_input("link-login-only", d.link_login_only) +
         hidden_input("link-orig", d.link_orig) + hidden_input("chap-id", fields.chap_id_escaped) +
         hidden_input("chap-challenge", fields.chap_challenge_escaped);
}

std::string message_box(std::string_view sentence) {
  if (sentence.empty()) return {};
  return "<p class=\"msg\" role=\"alert\">" + html_escape(sentence) + "</p>";
}

std::string home_link(Lang lang) {
  return "<p><a class=\"button\" href=\"/\">" + html_escape(text(lang, Text::home_link)) +
         "</a></p>";
}

std::string safe_colour(std::string_view colour) {
  bool ok = colour.size() == 7 && colour[0] == '#';
  for (std::size_t i = 1; ok && i < colour.size(); ++i) ok = hex_digit(colour[i]) >= 0;
  return std::string(ok ? colour : kDefaultColour);
}

std::string router_fields_query(const RouterFields& fields) {
  const DeviceContext& d = fields.device;
  const std::pair<std::string_view, std::string_view> pairs[] = {
      {"mac", d.mac},
      {"ip", d.ip},
      {"link-login-only", d.link_login_only},
      {"link-orig", d.link_orig},
      {"chap-id", fields.chap_id_escaped},
      {"chap-challenge", fields.chap_challenge_escaped},
  };
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (value.empty()) continue;
    if (!out.empty()) out += '&';
    out += std::string(name) + "=" + url_encode(value);
  }
  return out;
}

std::string render_landing(const PageFrame& frame, const LandingView& view) {
  const Lang lang = frame.lang;
  const std::string& welcome = frame.branding.welcome;
  std::string body =
      "<p>" + html_escape(welcome.empty() ? text(lang, Text::welcome_default) : welcome) + "</p>";
  if (!view.fields.error.empty()) {
    body += message_box(std::string(text(lang, Text::router_said)) + " " + view.fields.error);
  }
  body += message_box(view.message);
  // A refused "I paid" is answered first: its form is otherwise at the bottom of the page.
  const bool claim_refused = !view.paid_message.empty();
  if (claim_refused) body += paid_section(lang, view);
  body += voucher_section(lang, view);
  body += buy_section(lang, view);
  body += plans_section(lang, view);
  if (!claim_refused) body += paid_section(lang, view);
  return render_page(frame, frame.branding.name, body);
}

std::string render_login_form(const PageFrame& frame, const LoginFormView& view) {
  const Lang lang = frame.lang;
  // The one script on the portal besides the M-PESA waiting page's: it only saves the customer
  // a tap. With details to read, it waits a little first.
  const std::string submit = "document.getElementById('login').submit();";
  const std::string script =
      view.details_html.empty()
          ? submit
          : "setTimeout(function(){" + submit + "}," + std::to_string(kLoginFormDetailsDelayMs) +
                ");";
  std::string body = view.details_html + "<section><h2>" +
                     html_escape(text(lang, Text::connecting_title)) + "</h2><p>" +
                     html_escape(text(lang, Text::connecting_text)) +
                     "</p><form id=\"login\" method=\"post\" action=\"" +
                     html_escape(view.action) + "\">" + hidden_input("username", view.username) +
                     hidden_input("password", view.password) + hidden_input("dst", view.dst) +
                     "<button type=\"submit\">" + html_escape(text(lang, Text::continue_button)) +
                     "</button></form></section><script>" + script + "</script>";
  return render_page(frame, text(lang, Text::connecting_title), body);
}

std::string render_status(const PageFrame& frame, const TicketView& ticket) {
  const Lang lang = frame.lang;
  std::string body = "<section><h2>" + html_escape(text(lang, Text::status_title)) + "</h2>" +
                     ticket_details(lang, ticket) +
                     "<form method=\"post\" action=\"/logout\"><button type=\"submit\">" +
                     html_escape(text(lang, Text::logout_button)) + "</button></form></section>";
  return render_page(frame, text(lang, Text::status_title), body);
}

std::string render_logged_out(const PageFrame& frame, bool ended,
                              const std::optional<TicketView>& ticket) {
  const Lang lang = frame.lang;
  const Text sentence = ended ? Text::logged_out_text : Text::logout_not_online;
  std::string body = "<section><h2>" + html_escape(text(lang, Text::logged_out_title)) +
                     "</h2><p>" + html_escape(text(lang, sentence)) + "</p>";
  if (ticket) body += ticket_details(lang, *ticket);
  body += "</section>" + home_link(lang);
  return render_page(frame, text(lang, Text::logged_out_title), body);
}

std::string render_message(const PageFrame& frame, Text title, std::string_view sentence) {
  const Lang lang = frame.lang;
  std::string body = "<section><h2>" + html_escape(text(lang, title)) + "</h2><p>" +
                     html_escape(sentence) + "</p></section>" + home_link(lang);
  return render_page(frame, text(lang, title), body);
}

}  // namespace hotspot::portal
