// hotspotctl mpesa set|show|test against the Daraja simulator on loopback (HTTPS with a CA made
// for the test), and payments list|show on books seeded through storage's Payments.
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli_runner.h"
#include "core/log.h"
#include "payments/sim/sim_server.h"
#include "payments/sim/stk_request.h"
#include "storage/payments.h"
#include "storage/store.h"
#include "tests/payments/daraja/silent_server.h"
#include "tests/payments/http/server_thread.h"
#include "tests/payments/http/test_certificates.h"

namespace hotspot::cli::testing {
namespace {

using nlohmann::json;
namespace sim = payments::sim;

// The simulator on its own thread, as Daraja would be on the internet.
class SimDaraja {
 public:
  explicit SimDaraja(const payments::testing::TestCertificates& certificates) {
    auto identity = payments::http::TlsIdentity::from_pem(certificates.server_certificate_pem,
                                                          certificates.server_key_pem);
    EXPECT_TRUE(identity.ok());
    port_ = thread_.run([&] {
      sim::SimServerOptions options;
      options.server.identity = *identity;
      server_ = std::make_unique<sim::SimServer>(thread_.io().get_executor(), options, clock_);
      return server_->listen("127.0.0.1", 0) ? server_->port() : std::uint16_t(0);
    });
    EXPECT_NE(port_, 0);
  }
  ~SimDaraja() {
    thread_.run([&] {
      server_.reset();
      return 0;
    });
  }
  std::string base_url() const { return "https://localhost:" + std::to_string(port_); }

 private:
  SystemClock clock_;
  payments::testing::ServerThread thread_;
  std::unique_ptr<sim::SimServer> server_;
  std::uint16_t port_ = 0;
};

class MpesaTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    certificates_ = payments::testing::make_test_certificates("localhost");
    ca_file_ = (root_ / "daraja-ca.pem").string();
    run_ok({"init"});
    std::ofstream(ca_file_) << certificates_.ca_pem;
  }
  static std::string sim_secrets(const std::string& secret = sim::SimOptions{}.consumer_secret) {
    return sim::SimOptions{}.consumer_key + "\n" + secret + "\n" + sim::Merchant{}.passkey + "\n";
  }
  CliResult set(std::vector<std::string> extra, const std::string& input) {
    std::vector<std::string> args = {"mpesa", "set", "--consumer-key-stdin"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, true, input);
  }
  CliResult set_to_sim(const SimDaraja& daraja, const std::string& input = sim_secrets()) {
    return set({"--shortcode", "174379", "--type", "paybill", "--base-url", daraja.base_url(),
                "--ca-file", ca_file_},
               input);
  }
  json show() { return json::parse(run_ok({"mpesa", "show", "--json"}).out); }

  payments::testing::TestCertificates certificates_;
  std::string ca_file_;
};

TEST_F(MpesaTest, SetThenShowKeepsTheSecretsHidden) {
  auto r = set({"--shortcode", "174379", "--type", "till", "--till-number", "5678901",
                "--environment", "production"},
               "K3y-abcdef\nS3cr3t-ghijk\nP4ss-lmnop\n");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const auto& out : {run_ok({"mpesa", "show"}).out, run_ok({"mpesa", "show", "--json"}).out}) {
    EXPECT_EQ(out.find("K3y-abcdef"), std::string::npos);
    EXPECT_EQ(out.find("S3cr3t-ghijk"), std::string::npos);
    EXPECT_EQ(out.find("P4ss-lmnop"), std::string::npos);
  }
  json shown = show();
  EXPECT_EQ(shown["configured"], "yes");
  EXPECT_EQ(shown["type"], "till");
  EXPECT_EQ(shown["till_number"], "5678901");
  EXPECT_EQ(shown["environment"], "production");
  EXPECT_EQ(shown["base_url"], "https://api.safaricom.co.ke");
  EXPECT_EQ(shown["consumer_key"], "set");
  EXPECT_EQ(shown["passkey"], "set");
  const std::string status = run_ok({"status"}).out;
  EXPECT_NE(status.find("M-PESA          production, shortcode 174379; confirmed by polling"),
            std::string::npos)
      << status;
}

TEST_F(MpesaTest, BadInputIsOneLineAndSavesNothing) {
  const std::string secrets = "key\nsecret\npasskey\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--shortcode", "12ab", "--type", "paybill"}, secrets},
      {{"--shortcode", "174379", "--type", "till"}, secrets},
      {{"--shortcode", "174379", "--type", "paybill", "--base-url", "http://daraja.example"},
       secrets},
      {{"--shortcode", "174379", "--type", "paybill", "--environment", "staging"}, secrets},
      {{"--shortcode", "174379", "--type", "paybill"}, "key\nsecret\n"},
      {{"--shortcode", "174379", "--type", "paybill"}, ""}};
  for (const auto& [args, input] : bad) {
    auto r = set(args, input);
    EXPECT_EQ(r.code, kExitUsage) << args[1] << " / " << r.err;
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
  }
  EXPECT_EQ(show()["configured"], "no");
  EXPECT_EQ(show()["consumer_key"], "not set");
}

TEST_F(MpesaTest, TestBeforeSetSaysWhatToDo) {
  auto r = run({"mpesa", "test"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("mpesa set"), std::string::npos);
}

TEST_F(MpesaTest, TestGetsATokenFromTheSimulator) {
  SimDaraja daraja(certificates_);
  auto plain = set_to_sim(daraja);
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.out.find("custom"), std::string::npos);
  auto set_json = set({"--shortcode", "174379", "--type", "paybill", "--base-url",
                       daraja.base_url(), "--ca-file", ca_file_, "--json"},
                      sim_secrets());
  ASSERT_EQ(set_json.code, 0) << set_json.err;
  EXPECT_EQ(json::parse(set_json.out)["environment"], "custom");
  auto r = run_ok({"mpesa", "test", "--json"});
  json report = json::parse(r.out);
  EXPECT_EQ(report["environment"], "custom");
  EXPECT_EQ(report["host"], "localhost");
  EXPECT_EQ(report["token_lifetime_s"], 3599);
  EXPECT_NE(run_ok({"mpesa", "test"}).out.find("localhost"), std::string::npos);
}

TEST_F(MpesaTest, TestNamesDarajasCodeForWrongCredentials) {
  SimDaraja daraja(certificates_);
  ASSERT_EQ(set_to_sim(daraja, sim_secrets("not-the-secret")).code, 0);
  auto r = run({"mpesa", "test"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("400.008.01"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("consumer key and secret"), std::string::npos) << r.err;
}

TEST_F(MpesaTest, TestSaysWhenNothingListensOrTheCertificateIsUntrusted) {
  {
    SimDaraja gone(certificates_);  // its port is closed once it is gone
    ASSERT_EQ(set_to_sim(gone).code, 0);
  }
  auto refused = run({"mpesa", "test"});
  EXPECT_EQ(refused.code, kExitFailed);
  EXPECT_TRUE(is_one_line(refused.err)) << refused.err;
  EXPECT_NE(refused.err.find("localhost"), std::string::npos) << refused.err;
  SimDaraja daraja(certificates_);
  const auto other_ca = payments::testing::make_test_certificates("localhost");
  std::ofstream(ca_file_) << other_ca.ca_pem;
  ASSERT_EQ(set_to_sim(daraja).code, 0);
  auto untrusted = run({"mpesa", "test"});
  EXPECT_EQ(untrusted.code, kExitFailed);
  EXPECT_TRUE(is_one_line(untrusted.err)) << untrusted.err;
}

TEST_F(MpesaTest, TestSaysWhenDarajaDoesNotAnswerInTime) {
  payments::testing::ServerThread thread;
  auto identity = payments::http::TlsIdentity::from_pem(certificates_.server_certificate_pem,
                                                        certificates_.server_key_pem);
  ASSERT_TRUE(identity.ok());
  payments::testing::SilentServer silent(thread, *identity);
  auto saved = set({"--shortcode", "174379", "--type", "paybill", "--base-url",
                    "https://localhost:" + std::to_string(silent.port()), "--ca-file", ca_file_},
                   sim_secrets());
  ASSERT_EQ(saved.code, 0) << saved.err;
  auto r = run({"mpesa", "test", "--timeout", "1"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("localhost"), std::string::npos) << r.err;
  EXPECT_EQ(run({"mpesa", "test", "--timeout", "0"}).code, kExitUsage);
}

TEST_F(MpesaTest, PaymentsListMasksPhonesAndShowGivesTheRawEvents) {
  run_ok({"plan", "add", "--name", "Daily", "--price", "50", "--time", "1d"});
  {
    SystemClock clock;
    NullLogger log;
    auto store = storage::Store::open({data_dir_, false}, clock, log);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto& payments = (*store)->payments();
    auto created = payments.create(
        {std::string("ws_CO_123"), "m-1", "0708374100", 50, 1, storage::PaymentState::pending,
         "02:00:00:00:00:01", "10.5.50.10"},
        "test");
    ASSERT_TRUE(created.ok()) << created.error().message;
    storage::PaymentUpdate paid;
    paid.receipt = "SLK4H7R2TQ";
    paid.result_code = "0";
    ASSERT_TRUE(payments.update_state(created->id, storage::PaymentState::paid, paid, "test").ok());
    ASSERT_TRUE(
        payments.add_event(created->id, "callback", R"({"Body":{"stkCallback":{}}})", "test").ok());
  }
  auto list = run_ok({"payments", "list"});
  EXPECT_NE(list.out.find("2547****4100"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("254708374100"), std::string::npos);
  EXPECT_NE(list.out.find("SLK4H7R2TQ"), std::string::npos);
  for (const std::string key : {"1", "ws_CO_123", "SLK4H7R2TQ"}) {
    json shown = json::parse(run_ok({"payments", "show", key, "--json"}).out);
    EXPECT_EQ(shown["state"], "paid");
    EXPECT_EQ(shown["phone"], "254708374100");
    EXPECT_EQ(shown["plan"], "Daily");
    ASSERT_EQ(shown["events"].size(), 1u);
    EXPECT_EQ(shown["events"][0]["kind"], "callback");
  }
  const std::string status = run_ok({"status"}).out;
  EXPECT_NE(status.find("payments        1 (1 paid, 0 open, 0 of unknown outcome)"), std::string::npos)
      << status;
  EXPECT_NE(status.find("M-PESA          not set up"), std::string::npos) << status;
  auto missing = run({"payments", "show", "ws_CO_nope"});
  EXPECT_EQ(missing.code, kExitFailed);
  EXPECT_TRUE(is_one_line(missing.err));
  EXPECT_EQ(run({"payments", "list", "--limit", "0"}).code, kExitUsage);
}

}  // namespace
}  // namespace hotspot::cli::testing
