// mpesa set | show | test, and payments list | show
#include <algorithm>
#include <istream>
#include <ostream>

#include "cli/commands.h"
#include "cli/format.h"
#include "core/phone.h"
#include "payments/daraja/client_answers.h"
#include "payments/daraja/settings.h"
#include "payments/http/url.h"
#include "storage/payments.h"
#include "storage/plans.h"

namespace hotspot::cli {
namespace {

namespace daraja = payments::daraja;
namespace http = payments::http;

Error usage(std::string message) { return make_error(Errc::invalid_argument, std::move(message)); }

// The secrets come on standard input, never on the command line (where `ps` and the shell's
// history would keep them): consumer key, consumer secret and passkey, one per line.
Status read_secrets(std::istream& in, daraja::DarajaCredentials& creds) {
  std::string* fields[] = {&creds.consumer_key, &creds.consumer_secret, &creds.passkey};
  const char* names[] = {"consumer key", "consumer secret", "passkey"};
  for (int i = 0; i < 3; ++i) {
    std::string line;
    const bool got = static_cast<bool>(std::getline(in, line));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!got || line.empty()) {
      return usage(std::string("--consumer-key-stdin: line ") + std::to_string(i + 1) +
                   " of standard input must be the " + names[i] +
                   " (three lines: consumer key, consumer secret, passkey)");
    }
    *fields[i] = line;
  }
  return {};
}

Result<std::string> base_url_from(Invocation& inv) {
  if (inv.args.count("environment") && inv.args.count("base-url")) {
    return usage("give --environment or --base-url, not both");
  }
  if (inv.args.count("base-url")) return inv.args["base-url"].as<std::string>();
  const std::string env =
      inv.args.count("environment") ? inv.args["environment"].as<std::string>() : "sandbox";
  if (env == "sandbox") return std::string(daraja::kSandboxBaseUrl);
  if (env == "production") return std::string(daraja::kProductionBaseUrl);
  return usage("--environment: sandbox or production, not '" + env + "'");
}

Result<daraja::DarajaSettings> settings_from(Invocation& inv) {
  if (!inv.args.count("shortcode") || !inv.args.count("type") ||
      !inv.args.count("consumer-key-stdin")) {
    return usage("mpesa set needs --shortcode, --type and --consumer-key-stdin");
  }
  daraja::DarajaSettings s;
  s.credentials.shortcode = inv.args["shortcode"].as<std::string>();
  const std::string type = inv.args["type"].as<std::string>();
  if (type != "paybill" && type != "till")
    return usage("--type: paybill or till, not '" + type + "'");
  s.credentials.type =
      type == "till" ? daraja::ShortcodeType::till : daraja::ShortcodeType::paybill;
  if (inv.args.count("till-number"))
    s.credentials.till_number = inv.args["till-number"].as<std::string>();
  if (type == "till" && s.credentials.till_number.empty()) {
    return usage("--till-number: a till needs the number customers pay (5 to 7 digits)");
  }
  auto base = base_url_from(inv);
  if (!base) return base.error();
  auto normalized = daraja::normalize_base_url(*base);
  if (!normalized) return usage("--" + normalized.error().message);
  s.base_url = *normalized;
  if (inv.args.count("ca-file")) s.ca_file = inv.args["ca-file"].as<std::string>();
  if (inv.args.count("callback-url"))
    s.callback_url_base = inv.args["callback-url"].as<std::string>();
  return s;
}

Status mpesa_set(Invocation& inv) {
  auto settings = settings_from(inv);
  if (!settings) return settings.error();
  if (auto read = read_secrets(inv.in, settings->credentials); !read) return read;
  if (auto v = daraja::validate_daraja_settings(*settings); !v)
    return usage("--" + v.error().message);
  auto store = inv.open_store();
  if (!store) return store.error();
  if (auto saved = daraja::save_daraja_settings(**store, *settings, cli_actor()); !saved)
    return saved;
  if (inv.json) {
    inv.out << nlohmann::json{{"shortcode", settings->credentials.shortcode},
                              {"type", inv.args["type"].as<std::string>()},
                              {"environment", daraja::daraja_environment(settings->base_url)},
                              {"base_url", settings->base_url}}
                   .dump(2)
            << '\n';
    return {};
  }
  inv.out << "mpesa set: shortcode " << settings->credentials.shortcode << " ("
          << inv.args["type"].as<std::string>() << ") on "
          << daraja::daraja_environment(settings->base_url) << " " << settings->base_url
          << "; keys and passkey stored encrypted\nCheck it with: hotspotctl mpesa test\n";
  return {};
}

Status mpesa_show(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto summary = daraja::describe_daraja_settings(**store);
  if (!summary) return summary.error();
  const auto& s = summary->settings;
  auto set_or_not = [](bool set) { return set ? "set" : "not set"; };
  const std::pair<const char*, std::string> fields[] = {
      {"configured", summary->configured ? "yes" : "no"},
      {"shortcode", s.credentials.shortcode},
      {"type", s.credentials.type == daraja::ShortcodeType::till ? "till" : "paybill"},
      {"till_number", s.credentials.till_number},
      {"environment", summary->configured ? daraja::daraja_environment(s.base_url) : ""},
      {"base_url", s.base_url},
      {"ca_file", s.ca_file.empty() ? "system bundle" : s.ca_file},
      {"callback_url", s.callback_url_base},
      {"consumer_key", set_or_not(summary->consumer_key_set)},
      {"consumer_secret", set_or_not(summary->consumer_secret_set)},
      {"passkey", set_or_not(summary->passkey_set)}};
  if (inv.json) {
    nlohmann::json j;
    for (const auto& [k, v] : fields) j[k] = v;
    inv.out << j.dump(2) << '\n';
    return {};
  }
  if (!summary->configured) inv.out << "M-PESA is not set up; run 'hotspotctl mpesa set'\n";
  for (const auto& [k, v] : fields)
    inv.out << k << std::string(17 - std::string_view(k).size(), ' ') << v << '\n';
  return {};
}

Result<std::shared_ptr<http::TlsTrust>> trust_for(const daraja::DarajaSettings& s) {
  if (s.ca_file.empty()) return std::shared_ptr<http::TlsTrust>();  // the system bundle
  return http::TlsTrust::from_file(s.ca_file);
}

Result<std::chrono::seconds> timeout_from(Invocation& inv) {
  if (!inv.args.count("timeout")) return std::chrono::seconds(15);
  auto seconds = inv.integer_option("timeout");
  if (!seconds) return seconds.error();
  if (*seconds < 1 || *seconds > 120) return usage("--timeout: 1 to 120 seconds");
  return std::chrono::seconds(*seconds);
}

Status mpesa_test(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  auto settings = daraja::load_daraja_settings(**store);
  if (!settings) return settings.error();
  auto trust = trust_for(*settings);
  if (!trust) return trust.error();
  const std::string host = http::parse_url(settings->base_url)->host;
  http::HttpsRequest request;
  request.url = settings->base_url + "/oauth/v1/generate?grant_type=client_credentials";
  request.headers = {
      {"Authorization", daraja::oauth_basic_header(settings->credentials.consumer_key,
                                                   settings->credentials.consumer_secret)}};
  auto timeout = timeout_from(inv);
  if (!timeout) return timeout.error();
  request.deadline = *timeout;
  const MonoTime started = inv.clock.monotonic_now();
  auto token = daraja::detail::read_token_answer(http::request_blocking(request, {*trust}));
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(inv.clock.monotonic_now() - started);
  if (!token)
    return make_error(token.error().code, "Daraja at " + host + ": " + token.error().message);
  const char* environment = daraja::daraja_environment(settings->base_url);
  if (inv.json) {
    inv.out << nlohmann::json{{"environment", environment},
                              {"host", host},
                              {"took_ms", took.count()},
                              {"token_lifetime_s", token->expires_in.count()}}
                   .dump(2)
            << '\n';
    return {};
  }
  inv.out << "Daraja " << environment << " (" << host << ") gave a token in " << took.count()
          << " ms; it lasts " << token->expires_in.count() << " s\n";
  return {};
}

// payments list | show: what the books hold, for support calls ("I paid but got nothing").

nlohmann::ordered_json payment_json(const storage::Payment& p, const std::string& plan,
                                    bool full_phone) {
  const std::string phone = full_phone ? p.phone : mask_phone(PhoneNumber{p.phone});
  return {
      {"id", p.id},
      {"state", storage::payment_state_name(p.state)},
      {"phone", phone},
      {"amount_kes", p.amount_kes},
      {"plan", plan},
      {"checkout_request_id", p.checkout_request_id.value_or("")},
      {"receipt", p.receipt.value_or("")},
      {"ticket_id", p.ticket_id ? nlohmann::ordered_json(*p.ticket_id) : nlohmann::ordered_json()},
      {"result_code", p.result_code},
      {"result_desc", p.result_desc},
      {"created_at", format_time(p.created_at)},
      {"updated_at", format_time(p.updated_at)}};
}

std::string plan_name(storage::Store& store, std::int64_t plan_id) {
  auto plan = store.plans().find(plan_id);
  return plan ? plan->name : "plan " + std::to_string(plan_id);
}

Status payments_list(Invocation& inv) {
  std::int64_t limit = 50;
  if (inv.args.count("limit")) {
    auto n = inv.integer_option("limit");
    if (!n) return n.error();
    if (*n < 1 || *n > 10'000) return usage("--limit: 1 to 10000");
    limit = *n;
  }
  auto store = inv.open_store();
  if (!store) return store.error();
  auto payments = (*store)->payments().list(static_cast<int>(limit));
  if (!payments) return payments.error();
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  std::vector<Row> rows;
  for (const auto& p : *payments) {
    auto j = payment_json(p, plan_name(**store, p.plan_id), false);
    all.push_back(j);
    auto text = [&](const char* key) { return j[key].get<std::string>(); };
    rows.push_back({std::to_string(p.id), text("state"), text("phone"),
                    std::to_string(p.amount_kes), text("plan"), text("receipt"),
                    p.ticket_id ? std::to_string(*p.ticket_id) : "", text("created_at")});
  }
  if (inv.json) {
    inv.out << all.dump(2) << '\n';
  } else if (rows.empty()) {
    inv.out << "No payments yet.\n";
  } else {
    print_table(inv.out, {"ID", "STATE", "PHONE", "KES", "PLAN", "RECEIPT", "TICKET", "CREATED"},
                rows);
  }
  return {};
}

// A number is a payment id; otherwise a CheckoutRequestID or an M-PESA receipt.
Result<storage::Payment> find_payment(storage::Payments& payments, const std::string& key) {
  if (!key.empty() && key.size() < 19 &&
      std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return payments.find(std::stoll(key));
  }
  auto by_checkout = payments.find_by_checkout(key);
  if (by_checkout || by_checkout.error().code != Errc::not_found) return by_checkout;
  auto by_receipt = payments.find_by_receipt(key);
  if (by_receipt || by_receipt.error().code != Errc::not_found) return by_receipt;
  return make_error(Errc::not_found,
                    "no payment has the id, CheckoutRequestID or receipt '" + key + "'");
}

Status payments_show(Invocation& inv) {
  auto key = inv.single_positional("a payment id, CheckoutRequestID or receipt");
  if (!key) return key.error();
  auto store = inv.open_store();
  if (!store) return store.error();
  auto payment = find_payment((*store)->payments(), *key);
  if (!payment) return payment.error();
  auto events = (*store)->payments().events(payment->id);
  if (!events) return events.error();
  auto j = payment_json(*payment, plan_name(**store, payment->plan_id), true);
  nlohmann::ordered_json raw = nlohmann::ordered_json::array();
  for (const auto& e : *events) {
    raw.push_back(
        {{"kind", e.kind}, {"received_at", format_time(e.received_at)}, {"payload", e.payload}});
  }
  if (inv.json) {
    j["events"] = raw;
    inv.out << j.dump(2) << '\n';
    return {};
  }
  for (const auto& [k, v] : j.items()) {
    inv.out << k << std::string(20 - k.size(), ' ')
            << (v.is_string() ? v.get<std::string>()
                : v.is_null() ? ""
                              : v.dump())
            << '\n';
  }
  for (const auto& e : raw) {
    inv.out << "\n"
            << e["received_at"].get<std::string>() << "  " << e["kind"].get<std::string>() << "\n"
            << e["payload"].get<std::string>() << '\n';
  }
  return {};
}

void add_payment_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"payments", "list"},
                      "[--limit N]",
                      "List M-PESA payments, newest first",
                      [](cxxopts::Options& o) {
                        o.add_options()("limit", "How many (default 50)",
                                        cxxopts::value<std::string>());
                      },
                      payments_list});
  commands.push_back({{"payments", "show"},
                      "ID|CHECKOUT_ID|RECEIPT",
                      "Show one payment and the raw Daraja messages about it",
                      [](cxxopts::Options&) {},
                      payments_show});
}

}  // namespace

void add_mpesa_commands(std::vector<CommandSpec>& commands) {
  commands.push_back(
      {{"mpesa", "set"},
       "--shortcode S --type paybill|till [--till-number T] [--environment sandbox|production | "
       "--base-url URL] [--ca-file F] [--callback-url URL] --consumer-key-stdin",
       "Set the M-PESA Daraja shortcode and keys (kept encrypted)",
       [](cxxopts::Options& o) {
         o.add_options()("shortcode", "Paybill number, or a till's head-office number",
                         cxxopts::value<std::string>())("type", "paybill or till",
                                                        cxxopts::value<std::string>())(
             "till-number", "With --type till: the till customers pay",
             cxxopts::value<std::string>())("environment", "sandbox (the default) or production",
                                            cxxopts::value<std::string>())(
             "base-url", "Another Daraja host, https:// only", cxxopts::value<std::string>())(
             "ca-file", "PEM file of CAs to trust instead of the system bundle",
             cxxopts::value<std::string>())("callback-url",
                                            "Where Daraja should send payment results (https://)",
                                            cxxopts::value<std::string>())(
             "consumer-key-stdin",
             "Read three lines from standard input: consumer key, consumer secret, passkey");
       },
       mpesa_set});
  commands.push_back({{"mpesa", "show"},
                      "",
                      "Show the M-PESA setup (secrets only as set or not set)",
                      [](cxxopts::Options&) {},
                      mpesa_show});
  commands.push_back({{"mpesa", "test"},
                      "[--timeout SECONDS]",
                      "Ask Daraja for a token and say how it went",
                      [](cxxopts::Options& o) {
                        o.add_options()("timeout", "Give up after this many seconds (default 15)",
                                        cxxopts::value<std::string>());
                      },
                      mpesa_test});
  add_payment_commands(commands);
}

}  // namespace hotspot::cli
