#include "daemon/payment_service.h"

#include <boost/asio/post.hpp>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/phone.h"
#include "daemon/payment_callback_path.h"
#include "payments/daraja/late_match.h"
#include "storage/plans.h"

namespace hotspot::daemon {
namespace {

namespace daraja = payments::daraja;
namespace http = payments::http;
using storage::Payment;
using storage::PaymentState;

constexpr std::string_view kModule = "mpesa";
constexpr std::string_view kActor = "mpesa";

// Without a callback URL of its own, a push still has to name one (Daraja requires it): a host
// under .invalid (RFC 2606) never resolves, so the callback goes nowhere and polling settles
// the payment.
constexpr std::string_view kNoCallbackBase = "https://callbacks.invalid";

// The two minutes of Daraja's own same-amount rule, and the open prompt's life, comfortably.
constexpr long long kRecentPaymentsSeconds = 600;

bool bought_a_ticket(const Payment& p) {
  return p.state == PaymentState::paid || (p.state == PaymentState::pending && p.result_code == "0");
}

// The raw exchanges of one call, as kept in payment_events (bodies only, secrets redacted).
std::string exchanges_json(const std::vector<daraja::RawExchange>& exchanges) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : exchanges) {
    out.push_back({{"endpoint", e.endpoint},
                   {"request", e.request_body},
                   {"status", e.http_status},
                   {"response", e.response_body}});
  }
  std::string text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > storage::kMaxEventPayload) text.resize(storage::kMaxEventPayload);
  return text;
}

// Errors for which the client promises no push was sent (payments/daraja/client.h): our input,
// the credentials or TLS, Daraja unreachable, or the token's answer lost or unreadable (io,
// corrupt). A push's own lost or unreadable answer is never an error but a ReplyLost outcome.
bool never_sent(Errc code) {
  return code == Errc::invalid_argument || code == Errc::permission ||
         code == Errc::unavailable || code == Errc::io || code == Errc::corrupt;
}

}  // namespace

struct PaymentService::Settings {
  daraja::DarajaSettings daraja;
  bool same_as(const daraja::DarajaSettings& other) const {
    const auto& a = daraja.credentials;
    const auto& b = other.credentials;
    return a.consumer_key == b.consumer_key && a.consumer_secret == b.consumer_secret &&
           a.shortcode == b.shortcode && a.passkey == b.passkey && a.type == b.type &&
           a.till_number == b.till_number && daraja.base_url == other.base_url &&
           daraja.ca_file == other.ca_file && daraja.callback_url_base == other.callback_url_base;
  }
};

PaymentService::PaymentService(storage::Store& store, const Clock& clock, Logger& log,
                               PaymentServiceOptions options, TicketIssued on_ticket,
                               std::unique_ptr<http::HttpsClient> https)
    : store_(store),
      clock_(clock),
      log_(log),
      options_(std::move(options)),
      on_ticket_(std::move(on_ticket)),
      work_(io_.get_executor()),
      workers_(static_cast<std::size_t>(std::max(1, options_.workers))),
      https_override_(std::move(https)),
      tokens_(clock),
      limiter_(clock, options_.push_limits) {}

PaymentService::~PaymentService() { stop(); }

Status PaymentService::start() {
  if (!options_.callback_address.empty()) {
    http::HttpsServerOptions server_options;
    server_options.identity = options_.callback_identity;
    server_options.max_body_bytes = storage::kMaxEventPayload;
    // Daraja does not retry a callback it could not deliver: a burst of confirmations must
    // find room (each waits a few milliseconds for its commit).
    server_options.max_connections = 1024;
    // Each callback is kept durably before it is acknowledged: on a worker, so that a burst of
    // them shares commits instead of queueing behind one another on the service's thread.
    callbacks_ = std::make_unique<http::HttpsServer>(
        io_.get_executor(), server_options,
        http::AsyncRequestHandler([this](http::ServerRequest request, http::Responder respond) {
          on_worker([this, request = std::move(request), respond = std::move(respond)] {
            respond(on_callback(request));
          });
        }));
    if (Status s = callbacks_->listen(options_.callback_address, options_.callback_port); !s) {
      callbacks_.reset();
      return make_error(s.error().code, "M-PESA callbacks cannot be received on " +
                                            options_.callback_address + ":" +
                                            std::to_string(options_.callback_port) + ": " +
                                            s.error().message);
    }
  }
  thread_ = std::thread([this] { io_.run(); });
  on_worker([this] { resume(); });
  boost::asio::post(io_, [this] { schedule_recheck(); });
  return {};
}

void PaymentService::stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) {
    boost::asio::post(io_, [this] {
      recheck_timer_.cancel();
      for (auto& [id, poll] : polls_) poll->timer.cancel();
      polls_.clear();
      if (callbacks_) callbacks_->stop();
    });
  }
  workers_.join();  // ledger steps finish: nothing half-applied
  work_.reset();
  io_.stop();
  if (thread_.joinable()) thread_.join();
  client_.reset();
  retired_clients_.clear();
  callbacks_.reset();
}

std::uint16_t PaymentService::callback_port() const { return callbacks_ ? callbacks_->port() : 0; }

std::shared_ptr<const PaymentService::Settings> PaymentService::settings() {
  std::lock_guard lock(settings_mu_);
  const MonoTime now = clock_.monotonic_now();
  if (settings_read_ != MonoTime{} && now - settings_read_ < options_.settings_cache) {
    return settings_;
  }
  settings_read_ = now;
  auto loaded = daraja::load_daraja_settings(store_);
  if (!loaded) {
    if (settings_ || loaded.error().code != Errc::not_found) {
      log_.warning(kModule, "MPESA_SETTINGS_UNUSABLE", loaded.error().message);
    }
    settings_.reset();
    return settings_;
  }
  if (!settings_ || !settings_->same_as(*loaded)) {
    auto fresh = std::make_shared<Settings>();
    fresh->daraja = std::move(*loaded);
    settings_ = std::move(fresh);
  }
  return settings_;
}

void PaymentService::forget_settings() {
  std::lock_guard lock(settings_mu_);
  settings_read_ = MonoTime{};
}

bool PaymentService::available() { return !stopping_ && settings() != nullptr; }

std::mutex& PaymentService::lock_for(std::int64_t payment_id) {
  return payment_locks_[static_cast<std::size_t>(payment_id) % payment_locks_.size()];
}

void PaymentService::on_worker(std::function<void()> job) {
  {
    std::lock_guard lock(pending_mu_);
    ++pending_jobs_;
  }
  boost::asio::post(workers_, [this, job = std::move(job)] {
    try {
      job();
    } catch (const std::exception& e) {
      log_.error(kModule, "MPESA_INTERNAL", e.what());
    }
    std::lock_guard lock(pending_mu_);
    if (--pending_jobs_ == 0) idle_.notify_all();
  });
}

void PaymentService::drain() {
  std::unique_lock lock(pending_mu_);
  idle_.wait(lock, [this] { return pending_jobs_ == 0; });
}

// --- the portal's "Pay" ---------------------------------------------------------------------

portal::PurchaseStart PaymentService::start_purchase(const portal::PurchaseRequest& request) {
  using Outcome = portal::PurchaseStartOutcome;
  portal::PurchaseStart out;
  if (!available()) return {Outcome::unavailable, {}, 0};
  auto phone = parse_kenyan_phone(request.phone);
  if (!phone) return {Outcome::invalid_phone, {}, 0};
  auto plan = store_.plans().find(request.plan_id);
  if (!plan || !plan->enabled) return {Outcome::unknown_plan, {}, 0};
  const auto& device = request.device;
  if (device.mac.empty() || device.ip.empty()) return {Outcome::no_device, {}, 0};
  // Checked and counted in one step, or a script firing requests in parallel from one device
  // would have them all pass the check before the first is counted. A request that then finds
  // its phone busy still counts: the device asked for a push.
  {
    std::lock_guard lock(limiter_mu_);
    if (auto wait = limiter_.wait_seconds(device.mac, device.client_ip); wait > 0) {
      return {Outcome::too_many_attempts, {}, wait};
    }
    limiter_.record_push(device.mac, device.client_ip);
  }
  Result<Payment> created = make_error(Errc::internal, "not created");
  {
    // One phone's check and its new payment at a time; other phones go in parallel.
    std::lock_guard lock(
        phone_locks_[std::hash<std::string>{}(phone->msisdn) % phone_locks_.size()]);
    const WallTime now = clock_.wall_now();
    auto recent = store_.payments().for_phone(phone->msisdn, to_unix_seconds(now) - kRecentPaymentsSeconds);
    if (!recent) {
      log_.error(kModule, "MPESA_BOOKS_UNREADABLE", recent.error().message);
      return {Outcome::failed, {}, 0};
    }
    if (auto block = daraja::phone_push_block(*recent, plan->price, now)) {
      log_.info(kModule, "MPESA_PHONE_BUSY",
                mask_phone(*phone) + ": " + block->reason + " (payment " +
                    std::to_string(block->payment_id) + ")");
      return {Outcome::phone_busy, {}, block->wait_seconds};
    }
    storage::PaymentDraft draft;
    draft.phone = phone->msisdn;
    draft.amount_kes = plan->price.shillings;
    draft.plan_id = plan->id;
    draft.device_mac = device.mac;
    draft.device_ip = device.ip;
    created = store_.payments().create(draft, "portal");
  }
  if (!created) {
    log_.error(kModule, "MPESA_PAYMENT_NOT_RECORDED", created.error().message);
    return {Outcome::failed, {}, 0};
  }
  log_.info(kModule, "MPESA_PURCHASE_STARTED",
            "payment " + std::to_string(created->id) + ": KES " +
                std::to_string(created->amount_kes) + " for '" + plan->name + "' from " +
                mask_phone(*phone) + " on " + device.mac);
  boost::asio::post(io_, [this, payment = *created] { send_push(payment); });
  out.outcome = Outcome::started;
  out.key = created->purchase_key;
  return out;
}

// --- the push -------------------------------------------------------------------------------

std::string PaymentService::callback_url(const Payment& payment, const Settings& settings) const {
  const std::string base = settings.daraja.callback_url_base.empty()
                               ? std::string(kNoCallbackBase)
                               : settings.daraja.callback_url_base;
  return base + "/" + callback_path_tail(payment.id, payment.callback_secret);
}

void PaymentService::ensure_client(const std::shared_ptr<const Settings>& settings) {
  if (client_ && client_settings_ == settings) return;
  // A client with calls in flight drops their handlers when destroyed: keep it until stop.
  if (client_) retired_clients_.push_back(std::move(client_));
  if (https_override_) {
    https_ = std::move(https_override_);
  } else if (!https_ || !client_settings_ ||
             client_settings_->daraja.ca_file != settings->daraja.ca_file) {
    http::HttpsClientOptions https_options;
    if (!settings->daraja.ca_file.empty()) {
      auto trust = http::TlsTrust::from_file(settings->daraja.ca_file);
      if (trust) {
        https_options.trust = *trust;
      } else {
        log_.error(kModule, "MPESA_CA_UNREADABLE", trust.error().message);
      }
    }
    if (https_) retired_https_.push_back(std::move(https_));
    https_ = std::make_unique<http::NetworkHttpsClient>(io_.get_executor(), https_options);
  }
  client_ = std::make_unique<daraja::DarajaClient>(io_.get_executor(), *https_, settings->daraja,
                                                   tokens_, clock_, options_.daraja);
  client_settings_ = settings;
}

void PaymentService::send_push(Payment payment) {
  if (stopping_) return;
  auto settings = this->settings();
  if (!settings) {
    on_worker([this, id = payment.id] {
      settle(id, daraja::PushRefused{{"", "not-set-up", "M-PESA is not set up"}}, {}, {});
    });
    return;
  }
  ensure_client(settings);
  auto plan = store_.plans().find(payment.plan_id);
  daraja::StkPushRequest request;
  request.phone = PhoneNumber{payment.phone};
  request.amount = Kes{payment.amount_kes};
  request.callback_url = callback_url(payment, *settings);
  request.account_reference = daraja::clean_account_reference("WIFI" + std::to_string(payment.id));
  request.transaction_desc = daraja::clean_transaction_desc(plan ? "WiFi " + plan->name : "WiFi");
  call_daraja([this, id = payment.id, request = std::move(request)](auto finished) mutable {
    client_->stk_push(std::move(request),
                      [this, id, finished](Result<daraja::StkPushResult> r) {
                        finished();
                        on_worker([this, id, r = std::move(r)] { after_push(id, r); });
                      });
  });
}

void PaymentService::call_daraja(DarajaCall call) {
  if (daraja_calls_ < std::max(1, options_.max_daraja_calls)) {
    start_daraja_call(std::move(call));
  } else {
    waiting_calls_.push_back(std::move(call));
  }
}

void PaymentService::start_daraja_call(DarajaCall call) {
  ++daraja_calls_;
  auto once = std::make_shared<bool>(false);
  call([this, once] {
    if (*once) return;
    *once = true;
    --daraja_calls_;
    if (waiting_calls_.empty() || stopping_) return;
    DarajaCall next = std::move(waiting_calls_.front());
    waiting_calls_.pop_front();
    start_daraja_call(std::move(next));
  });
}

void PaymentService::after_push(std::int64_t id, const Result<daraja::StkPushResult>& result) {
  if (!result) {
    // Refused before anything was sent (our input, TLS trust, unreachable): failed, nothing
    // to pay. Anything else may have reached Daraja.
    if (never_sent(result.error().code)) {
      log_.warning(kModule, "MPESA_PUSH_NOT_SENT",
                   "payment " + std::to_string(id) + ": " + result.error().message);
      settle(id, daraja::PushRefused{{"", "not-sent", result.error().message}}, {}, {});
    } else {
      settle(id, daraja::PushReplyLost{}, "stk_push", result.error().message);
    }
    return;
  }
  const std::string raw = exchanges_json(result->exchanges);
  if (const auto* accepted = std::get_if<daraja::StkPushAccepted>(&result->outcome)) {
    auto settled = settle(id, daraja::PushAccepted{*accepted}, "stk_push", raw);
    if (settled && settled->state == PaymentState::pending) {
      boost::asio::post(io_, [this, id] {
        start_polling(id, clock_.monotonic_now() + options_.give_up_after);
      });
    }
  } else if (const auto* refused = std::get_if<daraja::DarajaRefusal>(&result->outcome)) {
    log_.warning(kModule, "MPESA_PUSH_REFUSED",
                 "payment " + std::to_string(id) + ": " + refused->error.error_code + " " +
                     refused->error.error_message);
    settle(id, daraja::PushRefused{refused->error}, "stk_push", raw);
  } else {
    const auto& lost = std::get<daraja::ReplyLost>(result->outcome);
    log_.warning(kModule, "MPESA_PUSH_REPLY_LOST",
                 "payment " + std::to_string(id) + ": " + lost.reason);
    settle(id, daraja::PushReplyLost{}, "stk_push", raw);
  }
}

// --- polling --------------------------------------------------------------------------------

void PaymentService::start_polling(std::int64_t id, MonoTime give_up_at) {
  if (stopping_) return;
  auto& poll = polls_[id];
  if (!poll) poll = std::make_unique<Poll>(io_);
  poll->give_up_at = give_up_at;
  schedule_query(id, options_.first_query_after);
}

void PaymentService::schedule_query(std::int64_t id, std::chrono::milliseconds after) {
  auto it = polls_.find(id);
  if (stopping_ || it == polls_.end()) return;
  it->second->timer.expires_after(after);
  it->second->timer.async_wait([this, id](boost::system::error_code ec) {
    if (!ec) query(id);
  });
}

void PaymentService::stop_polling(std::int64_t id) { polls_.erase(id); }

void PaymentService::query(std::int64_t id) {
  auto it = polls_.find(id);
  if (stopping_ || it == polls_.end()) return;
  auto payment = store_.payments().find(id);
  // Pending, or unknown after polling gave up (a recheck): still worth asking Daraja about.
  const bool open = payment && (payment->state == PaymentState::pending ||
                                payment->state == PaymentState::unknown);
  if (!open || payment->result_code == "0" || !payment->checkout_request_id) {
    stop_polling(id);  // settled meanwhile (a callback), or nothing to ask about
    return;
  }
  if (clock_.monotonic_now() >= it->second->give_up_at) {
    stop_polling(id);
    on_worker([this, id] { settle(id, daraja::PollingGaveUp{}, {}, {}); });
    return;
  }
  auto settings = this->settings();
  if (!settings) {
    schedule_query(id, options_.query_every);  // set up again later, or given up on
    return;
  }
  ensure_client(settings);
  call_daraja([this, id, checkout = *payment->checkout_request_id](auto finished) {
    client_->stk_query(checkout, [this, id, finished](Result<daraja::StkQueryResult> r) {
      finished();
      on_worker([this, id, r = std::move(r)] { after_query(id, r); });
    });
  });
}

void PaymentService::after_query(std::int64_t id, const Result<daraja::StkQueryResult>& result) {
  std::optional<Payment> settled;
  if (!result) {
    settled = settle(id, daraja::QueryFailed{{"", "no-answer", result.error().message}}, "query",
                     result.error().message);
  } else {
    const std::string raw = exchanges_json(result->exchanges);
    if (const auto* done = std::get_if<daraja::StkQuerySettledResult>(&result->outcome)) {
      settled = settle(id, daraja::QuerySettled{done->answer}, "query", raw);
    } else if (std::holds_alternative<daraja::StkQueryPending>(result->outcome)) {
      settled = settle(id, daraja::QueryStillProcessing{}, "query", raw);
    } else {
      const auto& refusal = std::get<daraja::DarajaRefusal>(result->outcome);
      settled = settle(id, daraja::QueryFailed{refusal.error}, "query", raw);
    }
  }
  const bool still_open = settled && settled->state == PaymentState::pending &&
                          settled->result_code != "0";
  boost::asio::post(io_, [this, id, still_open] {
    if (still_open) {
      schedule_query(id, options_.query_every);
    } else {
      stop_polling(id);
    }
  });
}

// --- callbacks ------------------------------------------------------------------------------

http::ServerResponse PaymentService::on_callback(const http::ServerRequest& request) {
  const auto answer = [](int status, std::string_view desc) {
    nlohmann::json body = {{"ResultCode", status == 200 ? 0 : 1}, {"ResultDesc", desc}};
    return http::ServerResponse{status, "application/json", body.dump()};
  };
  if (request.method != "POST") return answer(405, "POST only");
  const auto target = parse_callback_path(request.target);
  if (!target) {
    log_.warning(kModule, "MPESA_CALLBACK_UNKNOWN_PATH", "a callback to an unknown path was refused");
    return answer(404, "Unknown");
  }
  auto payment = store_.payments().find(target->payment_id);
  if (!payment || !same_secret(payment->callback_secret, target->secret)) {
    log_.warning(kModule, "MPESA_CALLBACK_WRONG_SECRET",
                 "a callback for payment " + std::to_string(target->payment_id) +
                     " without its secret was refused");
    return answer(404, "Unknown");
  }
  // Kept before it is acknowledged: Daraja does not send a callback twice on purpose.
  std::string raw = request.body;
  if (raw.size() > storage::kMaxEventPayload) raw.resize(storage::kMaxEventPayload);
  auto parsed = daraja::parse_stk_callback(request.body);
  if (auto kept = store_.payments().add_event(payment->id, parsed ? "callback" : "callback.invalid",
                                              raw, kActor);
      !kept) {
    log_.error(kModule, "MPESA_CALLBACK_NOT_KEPT", kept.error().message);
    return answer(503, "Try again");
  }
  if (!parsed) {
    log_.warning(kModule, "MPESA_CALLBACK_INVALID",
                 "payment " + std::to_string(payment->id) + ": " + parsed.error().message);
    return answer(400, "Invalid callback");
  }
  if (parsed->paid() && payment->state == PaymentState::unknown && !payment->checkout_request_id) {
    // The push's reply was lost, so the books cannot compare CheckoutRequestIDs: the secret
    // path names this payment, and the money must fit it too (phone, amount, time). (A
    // payment still `initiated` has its push's answer on the way: the callback overtook it.)
    if (auto fits = daraja::match_late_callback(*parsed, {*payment}, clock_.wall_now()); !fits) {
      log_.warning(kModule, "MPESA_CALLBACK_MISMATCH",
                   "payment " + std::to_string(payment->id) + ": " + fits.error().message);
      (void)store_.payments().add_event(payment->id, "ledger.conflict", fits.error().message,
                                        kActor);
      return answer(200, "Accepted");
    }
  }
  on_worker([this, id = payment->id, callback = *parsed] {
    settle(id, daraja::CallbackArrived{callback}, {}, {});
  });
  return answer(200, "Accepted");
}

// --- the ledger -----------------------------------------------------------------------------

std::optional<Payment> PaymentService::settle(std::int64_t id, const daraja::LedgerEvent& event,
                                              std::string_view raw_kind,
                                              std::string_view raw_payload) {
  std::lock_guard lock(lock_for(id));
  if (!raw_kind.empty()) {
    std::string_view kept = raw_payload.substr(0, storage::kMaxEventPayload);
    if (auto s = store_.payments().add_event(id, raw_kind, kept, kActor); !s) {
      log_.error(kModule, "MPESA_EVENT_NOT_KEPT", s.error().message);
    }
  }
  auto payment = store_.payments().find(id);
  if (!payment) {
    log_.error(kModule, "MPESA_PAYMENT_UNREADABLE", payment.error().message);
    return std::nullopt;
  }
  auto plan = store_.plans().find(payment->plan_id);
  const Kes price = plan ? plan->price : Kes{payment->amount_kes};
  const auto decision = daraja::decide(*payment, price, event);
  const std::string subject = "payment " + std::to_string(id) + ": ";
  switch (decision.verdict) {
    case daraja::LedgerVerdict::apply: {
      auto updated = store_.payments().update_state(id, decision.next, decision.update, kActor);
      if (!updated) {
        log_.error(kModule, "MPESA_LEDGER_NOT_APPLIED", subject + updated.error().message);
        return *payment;
      }
      std::string log_id = "MPESA_PAYMENT_" + std::string(storage::payment_state_name(updated->state));
      for (char& c : log_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      log_.info(kModule, log_id, subject + decision.reason);
      payment = std::move(updated);
      break;
    }
    case daraja::LedgerVerdict::conflict:
      log_.warning(kModule, "MPESA_LEDGER_CONFLICT", subject + decision.reason);
      (void)store_.payments().add_event(id, "ledger.conflict", decision.reason, kActor);
      break;
    case daraja::LedgerVerdict::no_change:
      log_.debug(kModule, "MPESA_LEDGER_NO_CHANGE", subject + decision.reason);
      break;
  }
  if (bought_a_ticket(*payment) && !payment->ticket_id) grant_ticket(*payment);
  auto after = store_.payments().find(id);
  return after ? *after : *payment;
}

void PaymentService::grant_ticket(const Payment& payment) {
  auto issued = store_.sales().issue_for_payment(payment.id, kActor);
  if (!issued) {
    log_.error(kModule, "MPESA_TICKET_NOT_ISSUED",
               "payment " + std::to_string(payment.id) + ": " + issued.error().message +
                   "; retried on the next start");
    return;
  }
  if (!issued->issued_now) return;
  log_.info(kModule, "MPESA_TICKET_ISSUED",
            "payment " + std::to_string(payment.id) + " bought ticket " +
                issued->receipt.ticket.code.substr(0, 2) + "…");
  put_online(payment, issued->receipt, 1);
}

void PaymentService::put_online(const Payment& payment, const storage::SaleReceipt& sale,
                                int attempt) {
  constexpr int kAttempts = 4;
  if (!on_ticket_ || stopping_ || !on_ticket_(payment, sale) || attempt >= kAttempts) return;
  // 5 s, 10 s, 20 s: a router that is reconnecting (after its reboot or ours) is back by then.
  const auto wait = std::chrono::seconds(5) * (1 << (attempt - 1));
  boost::asio::post(io_, [this, payment, sale, attempt, wait] {
    if (stopping_) return;
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, wait);
    timer->async_wait([this, timer, payment, sale, attempt](boost::system::error_code ec) {
      if (ec || stopping_) return;
      on_worker([this, payment, sale, attempt] { put_online(payment, sale, attempt + 1); });
    });
  });
}

void PaymentService::schedule_recheck() {
  if (stopping_) return;
  recheck_timer_.expires_after(options_.recheck_unknown_every);
  recheck_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    on_worker([this] { recheck_unknown(); });
    schedule_recheck();
  });
}

// On a worker: one query each (start_polling with a single query's time) for the unknown
// payments Daraja can be asked about. A push whose reply was lost has no CheckoutRequestID
// and waits for its late callback instead.
void PaymentService::recheck_unknown() {
  const long long now = to_unix_seconds(clock_.wall_now());
  auto open = unfinished_within(now, options_.recheck_window, "MPESA_RECHECK_FAILED");
  if (!open) return;
  int asked = 0;
  for (const Payment& p : *open) {
    if (p.state != PaymentState::unknown || !p.checkout_request_id) continue;
    const MonoTime give_up_at =
        clock_.monotonic_now() + options_.first_query_after + options_.query_every;
    boost::asio::post(io_, [this, id = p.id, give_up_at] {
      if (polls_.count(id) == 0) start_polling(id, give_up_at);
    });
    ++asked;
  }
  if (asked > 0) {
    log_.info(kModule, "MPESA_RECHECK", std::to_string(asked) +
                                            " payments of unknown outcome asked about again");
  }
}

// --- after a restart ------------------------------------------------------------------------

std::optional<std::vector<Payment>> PaymentService::unfinished_within(long long now,
                                                                      std::chrono::seconds window,
                                                                      const char* failure_id) {
  auto open = store_.payments().unfinished(now - window.count());
  if (!open) {
    log_.error(kModule, failure_id, open.error().message);
    return std::nullopt;
  }
  return std::move(*open);
}

void PaymentService::resume() {
  const long long now = to_unix_seconds(clock_.wall_now());
  auto open = unfinished_within(now, options_.resume_window, "MPESA_RESUME_FAILED");
  if (!open) return;
  int polled = 0;
  int granted = 0;
  int lost = 0;
  for (const Payment& p : *open) {
    if (bought_a_ticket(p)) {
      std::lock_guard lock(lock_for(p.id));
      grant_ticket(p);
      ++granted;
    } else if (p.state == PaymentState::initiated) {
      // Stopped between recording the payment and hearing Daraja's answer: the push may have
      // gone out, so it is unknown, never failed.
      settle(p.id, daraja::PushReplyLost{}, {}, {});
      ++lost;
    } else if (p.state == PaymentState::pending) {
      // Polling resumes with what is left of its time (none when the wall clock is unsure).
      const long long age = std::max(0LL, now - p.created_at);
      const auto left = options_.give_up_after - std::chrono::seconds(age);
      const MonoTime give_up_at = clock_.monotonic_now() + std::max(left, options_.query_every);
      boost::asio::post(io_, [this, id = p.id, give_up_at] { start_polling(id, give_up_at); });
      ++polled;
    }
  }
  if (polled + granted + lost > 0) {
    log_.info(kModule, "MPESA_RESUMED",
              std::to_string(polled) + " payments polled again, " + std::to_string(granted) +
                  " tickets issued, " + std::to_string(lost) + " pushes of unknown fate");
  }
  // After an outage, what Daraja can tell about the payments we stopped asking about.
  recheck_unknown();
}

}  // namespace hotspot::daemon
