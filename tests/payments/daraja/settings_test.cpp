// The M-PESA setup in real books (a temporary SQLite file): saved whole or not at all, loaded
// with a clear error naming what is missing.
#include "payments/daraja/settings.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/log.h"
#include "core/testutils/fake_clock.h"
#include "storage/settings.h"

namespace hotspot::payments::daraja {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hotspot-mpesa-settings-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto store = storage::Store::open({dir_ / "data", true}, clock_, log_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static DarajaSettings good() {
    DarajaSettings s;
    s.credentials = {"key", "secret", "174379", "passkey", ShortcodeType::till, "5678901"};
    s.base_url = "https://localhost:8443";
    s.ca_file = "/etc/hotspot-edge/daraja-ca.pem";
    return s;
  }

  std::filesystem::path dir_;
  testing::FakeClock clock_;
  NullLogger log_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(SettingsTest, WhatIsSavedIsLoaded) {
  ASSERT_TRUE(save_daraja_settings(*store_, good(), "test").ok());
  auto loaded = load_daraja_settings(*store_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->credentials.consumer_secret, "secret");
  EXPECT_EQ(loaded->credentials.passkey, "passkey");
  EXPECT_EQ(loaded->credentials.type, ShortcodeType::till);
  EXPECT_EQ(loaded->credentials.till_number, "5678901");
  EXPECT_EQ(loaded->base_url, "https://localhost:8443");
  EXPECT_EQ(loaded->ca_file, "/etc/hotspot-edge/daraja-ca.pem");
  // The secrets are sealed, never plain settings.
  auto plain = store_->settings().all();
  ASSERT_TRUE(plain.ok());
  for (const auto& [key, value] : *plain) EXPECT_NE(value, "secret") << key;
}

TEST_F(SettingsTest, BadSettingsWriteNothing) {
  DarajaSettings bad = good();
  bad.base_url = "http://localhost:8443";
  EXPECT_EQ(save_daraja_settings(*store_, bad, "test").error().code, Errc::invalid_argument);
  bad = good();
  bad.callback_url_base = "https://example.com/mpesa/cb";  // a word Daraja's filters refuse
  EXPECT_EQ(save_daraja_settings(*store_, bad, "test").error().code, Errc::invalid_argument);
  auto names = store_->secrets().names();
  ASSERT_TRUE(names.ok());
  EXPECT_TRUE(names->empty());
  EXPECT_EQ(load_daraja_settings(*store_).error().code, Errc::not_found);
}

TEST_F(SettingsTest, AMissingSecretIsNamed) {
  // Books where the plain settings were written but the passkey never was.
  const std::pair<const char*, const char*> plain[] = {{"mpesa.type", "paybill"},
                                                       {"mpesa.base-url", "https://localhost:8443"},
                                                       {"mpesa.shortcode", "174379"}};
  for (const auto& [key, value] : plain) ASSERT_TRUE(store_->settings().set(key, value, "t").ok());
  ASSERT_TRUE(store_->secrets().put("mpesa.consumer-key", "key", "t").ok());
  ASSERT_TRUE(store_->secrets().put("mpesa.consumer-secret", "secret", "t").ok());
  auto loaded = load_daraja_settings(*store_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::not_found);
  EXPECT_NE(loaded.error().message.find("mpesa.passkey"), std::string::npos)
      << loaded.error().message;
  auto described = describe_daraja_settings(*store_);
  ASSERT_TRUE(described.ok());
  EXPECT_TRUE(described->configured);
  EXPECT_TRUE(described->consumer_key_set);
  EXPECT_FALSE(described->passkey_set);
  EXPECT_TRUE(described->settings.credentials.consumer_key.empty());  // never read for show
}

TEST(BaseUrl, OnlyAnHttpsHostIsAccepted) {
  EXPECT_EQ(*normalize_base_url("https://api.safaricom.co.ke/"), "https://api.safaricom.co.ke");
  EXPECT_TRUE(normalize_base_url("https://127.0.0.1:8443").ok());
  for (const char* bad : {"http://api.safaricom.co.ke", "https://api.safaricom.co.ke/oauth",
                          "api.safaricom.co.ke", "", "https://"}) {
    EXPECT_FALSE(normalize_base_url(bad).ok()) << bad;
  }
  EXPECT_STREQ(daraja_environment(kSandboxBaseUrl), "sandbox");
  EXPECT_STREQ(daraja_environment(kProductionBaseUrl), "production");
  EXPECT_STREQ(daraja_environment("https://localhost:8443"), "custom");
}

}  // namespace
}  // namespace hotspot::payments::daraja
