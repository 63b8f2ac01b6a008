#pragma once
// Buying tickets with M-PESA: the STK push, confirmation by polling STK query and by callbacks,
// the payment ledger applied to the books, and the ticket a paid payment buys, issued once.
//
// Threads. Daraja's HTTPS calls, the poll timers and the callback listener run on the service's
// own io_context and thread, so a slow Daraja never holds up the router's loop or the portal.
// Everything that writes the books or waits on the router runs on a small worker pool: the
// ledger step for one payment at a time (a per-payment lock), so a callback and a poll racing
// on the same payment are applied one after the other, and the second changes nothing.
//
// Whichever of the query and the callback settles a payment first wins (payments/daraja/
// ledger.h). A paid payment gets its ticket (storage Sales::issue_for_payment, exactly once),
// then `on_ticket` puts the buying device online. On start, what a crash or a restart left
// unfinished is finished: pending payments are polled again, a push whose fate is unknown stays
// unknown (a late callback may settle it), and a paid payment without a ticket gets one.

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "payments/daraja/client.h"
#include "payments/daraja/ledger.h"
#include "payments/daraja/push_guard.h"
#include "payments/daraja/settings.h"
#include "payments/daraja/token_cache.h"
#include "payments/http/https_client.h"
#include "payments/http/https_server.h"
#include "portal/backend.h"
#include "storage/sales.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct PaymentServiceOptions {
  // STK query schedule after Daraja accepts a push (reference 5, step 3): the first query,
  // then one every `query_every`, and the payment is left unknown `give_up_after` the push.
  std::chrono::milliseconds first_query_after{15'000};
  std::chrono::milliseconds query_every{10'000};
  std::chrono::milliseconds give_up_after{180'000};
  // On start, pending and unknown payments younger than this are taken up again.
  std::chrono::seconds resume_window{3600};
  // A payment left unknown after polling gave up (Daraja knows its CheckoutRequestID) is asked
  // about once more this often while it is younger than `recheck_window`: a customer whose
  // prompt was answered after we stopped asking still gets the ticket they paid for.
  std::chrono::milliseconds recheck_unknown_every{600'000};
  std::chrono::seconds recheck_window{86'400};
  // How long M-PESA settings read from the books are trusted before they are read again
  // (hotspotctl mpesa set takes effect within this, without a restart).
  std::chrono::milliseconds settings_cache{30'000};
  // Where Daraja callbacks are received (behind the site's HTTPS proxy or the registry relay):
  // plain HTTP; port 0 picks one (tests), an empty address serves none.
  std::string callback_address = "127.0.0.1";
  std::uint16_t callback_port = 0;
  // Serves the callback listener over HTTPS with this certificate (the demo); null: plain HTTP.
  std::shared_ptr<payments::http::TlsIdentity> callback_identity;
  payments::daraja::PushRateLimiter::Options push_limits;
  payments::daraja::DarajaClientOptions daraja;
  // Daraja calls (pushes and queries) in flight at once; the rest wait their turn. Each is a
  // TLS connection of its own, and a burst of hundreds is what Daraja's spike arrest refuses.
  int max_daraja_calls = 16;
  // Threads for the books and the router logins: a burst of confirmations shares commits.
  int workers = 8;
};

class PaymentService {
 public:
  // Called on a worker thread once a paid payment has its ticket (also after a restart): put
  // the payment's device online. It may block (up to its own deadline). Returns true when the
  // router could not be reached and it is worth trying again: it is, a few times over a minute
  // (the customer's waiting page also tries each time it reloads).
  using TicketIssued = std::function<bool(const storage::Payment&, const storage::SaleReceipt&)>;

  // `store`, `clock` and `log` must outlive the service. `https` replaces the network client
  // (tests); null: a NetworkHttpsClient trusting the configured CA bundle.
  PaymentService(storage::Store& store, const Clock& clock, Logger& log,
                 PaymentServiceOptions options, TicketIssued on_ticket,
                 std::unique_ptr<payments::http::HttpsClient> https = nullptr);
  ~PaymentService();
  PaymentService(const PaymentService&) = delete;
  PaymentService& operator=(const PaymentService&) = delete;

  // Starts the thread and the callback listener, then resumes unfinished payments. An error
  // only when the callback listener cannot bind; M-PESA not being set up is not an error.
  Status start();
  // Stops timers and the listener; payments in flight stay in the books as they are and are
  // resumed on the next start.
  void stop();

  // Whether M-PESA is set up in the books (read again after `settings_cache`).
  bool available();
  // Reads the settings from the books on next use (they were just changed).
  void forget_settings();
  std::uint16_t callback_port() const;

  // The portal's "Pay": checks, records the payment and sends the push without waiting for it.
  // Thread-safe.
  portal::PurchaseStart start_purchase(const portal::PurchaseRequest& request);
  // The callback listener's handler (public for tests that post without a socket): keeps the
  // callback durably and answers; the ledger step follows on a worker. Thread-safe; blocking.
  payments::http::ServerResponse on_callback(const payments::http::ServerRequest& request);

  // Waits until no ledger work is queued or running (tests and the benchmark).
  void drain();

 private:
  struct Settings;
  struct Poll {
    explicit Poll(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    MonoTime give_up_at{};
  };
  std::shared_ptr<const Settings> settings();
  void resume();
  // The payments started within `window` before `now` and not finished; nothing (the failure
  // logged under `failure_id`) when the books cannot be read.
  std::optional<std::vector<storage::Payment>> unfinished_within(long long now,
                                                                 std::chrono::seconds window,
                                                                 const char* failure_id);
  // On the service's thread.
  void ensure_client(const std::shared_ptr<const Settings>& settings);
  void send_push(storage::Payment payment);
  void start_polling(std::int64_t payment_id, MonoTime give_up_at);
  void schedule_query(std::int64_t payment_id, std::chrono::milliseconds after);
  void stop_polling(std::int64_t payment_id);
  void query(std::int64_t payment_id);
  // Every recheck_unknown_every: one more query for each recent unknown payment.
  void schedule_recheck();
  void recheck_unknown();
  // Runs `call` when fewer than max_daraja_calls are in flight; it calls `finished` once.
  using DarajaCall = std::function<void(std::function<void()> finished)>;
  void call_daraja(DarajaCall call);
  void start_daraja_call(DarajaCall call);
  // On a worker: keeps the raw message, applies the ledger's decision, issues the ticket; the
  // payment as the books hold it afterwards.
  std::optional<storage::Payment> settle(std::int64_t payment_id,
                                         const payments::daraja::LedgerEvent& event,
                                         std::string_view raw_kind, std::string_view raw_payload);
  void grant_ticket(const storage::Payment& payment);
  // Hands the paid device to on_ticket_, and again later while it asks to (attempt 1, 2, ...).
  void put_online(const storage::Payment& payment, const storage::SaleReceipt& sale, int attempt);
  void after_push(std::int64_t payment_id, const Result<payments::daraja::StkPushResult>& result);
  void after_query(std::int64_t payment_id, const Result<payments::daraja::StkQueryResult>& result);
  void on_worker(std::function<void()> job);
  std::string callback_url(const storage::Payment& payment, const Settings& settings) const;
  std::mutex& lock_for(std::int64_t payment_id);

  storage::Store& store_;
  const Clock& clock_;
  Logger& log_;
  PaymentServiceOptions options_;
  TicketIssued on_ticket_;

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
  boost::asio::thread_pool workers_;
  std::unique_ptr<payments::http::HttpsClient> https_override_;
  std::unique_ptr<payments::http::HttpsClient> https_;  // the one in use; on the thread
  payments::daraja::TokenCache tokens_;
  std::unique_ptr<payments::daraja::DarajaClient> client_;  // on the thread
  std::shared_ptr<const Settings> client_settings_;         // what client_ was built from
  // Replaced after a settings change; kept until stop, as their calls may still be out.
  std::vector<std::unique_ptr<payments::daraja::DarajaClient>> retired_clients_;
  std::vector<std::unique_ptr<payments::http::HttpsClient>> retired_https_;
  std::unique_ptr<payments::http::HttpsServer> callbacks_;
  std::map<std::int64_t, std::unique_ptr<Poll>> polls_;  // on the thread
  boost::asio::steady_timer recheck_timer_{io_};         // on the thread
  int daraja_calls_ = 0;                                 // on the thread
  std::deque<DarajaCall> waiting_calls_;                 // on the thread

  std::mutex settings_mu_;
  std::shared_ptr<const Settings> settings_;
  MonoTime settings_read_{};

  std::array<std::mutex, 64> phone_locks_;  // a phone's checks and its new payment, together
  payments::daraja::PushRateLimiter limiter_;
  std::mutex limiter_mu_;  // a device's check and its count, as one step
  std::array<std::mutex, 64> payment_locks_;
  std::mutex pending_mu_;
  std::condition_variable idle_;
  int pending_jobs_ = 0;
  std::atomic<bool> stopping_{false};
};

}  // namespace hotspot::daemon
