// Secrets are sealed with AES-256-GCM under the appliance key and bound to their name; their
// values never reach the audit log, the outbox, the logs or the file in clear. Settings are plain.

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

constexpr std::string_view kPassword = "Router-Pa55word-Kisumu";

class SecretsTest : public StoreTest {
 protected:
  std::string sealed_blob(const std::string& name) {
    auto db = raw_connection(db_path());
    auto stmt = must(db.prepare("SELECT sealed FROM secrets WHERE name = ?"));
    stmt.bind(1, std::string_view(name));
    EXPECT_TRUE(must(stmt.step()));
    return stmt.column_text(0);
  }
};

TEST_F(SecretsTest, RoundTrip) {
  must(store().secrets().put("router.password", kPassword, "cli"));
  EXPECT_EQ(must(store().secrets().get("router.password")), kPassword);
  must(store().secrets().put("router.password", "changed-again", "cli"));
  EXPECT_EQ(must(store().secrets().get("router.password")), "changed-again");
  EXPECT_EQ(must(store().secrets().names()), std::vector<std::string>{"router.password"});
  auto unset = store().secrets().get("daraja.consumer_key");
  ASSERT_FALSE(unset);
  EXPECT_EQ(unset.error().code, Errc::not_found);
}

TEST_F(SecretsTest, AChangeOfSettingsAndSecretsIsAllOrNothing) {
  must(store().settings().set("router.host", "10.5.50.1", "cli"));
  must(store().secrets().put("router.password", kPassword, "cli"));
  SettingsChange bad;
  bad.settings = {{"router.host", "192.168.88.1"}, {"router.user", "hotspot-edge"}};
  bad.secrets = {{"router.password", "new-password-1"}, {"router.pending-password", ""}};
  auto refused = store().settings().apply(bad, "dashboard:owner");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(must(store().settings().get("router.host")), "10.5.50.1");
  EXPECT_FALSE(must(store().settings().get("router.user")));
  EXPECT_EQ(must(store().secrets().get("router.password")), kPassword);

  SettingsChange good;
  good.settings = {{"router.host", "192.168.88.1"}, {"router.user", "hotspot-edge"}};
  good.secrets = {{"router.password", "new-password-1"}};
  good.removed_settings = {"router.pending.host", "router.tls-pin"};
  good.removed_secrets = {"router.pending-password"};
  must(store().settings().set("router.pending.host", "192.168.88.1", "cli"));
  must(store().secrets().put("router.pending-password", "new-password-1", "cli"));
  must(store().settings().apply(good, "daemon"));
  EXPECT_EQ(must(store().settings().get("router.host")), "192.168.88.1");
  EXPECT_EQ(must(store().settings().get("router.user")), "hotspot-edge");
  EXPECT_EQ(must(store().secrets().get("router.password")), "new-password-1");
  EXPECT_FALSE(must(store().settings().get("router.pending.host")));
  EXPECT_EQ(store().secrets().get("router.pending-password").error().code, Errc::not_found);
  const std::string audit = table_text(db_path(), "audit_log");
  EXPECT_NE(audit.find("setting.removed"), std::string::npos);
  EXPECT_NE(audit.find("secret.removed"), std::string::npos);
  EXPECT_EQ(audit.find("router.tls-pin"), std::string::npos) << "nothing removed, nothing recorded";
  EXPECT_EQ(audit.find("new-password-1"), std::string::npos) << "a secret never reaches the log";
}

TEST_F(SecretsTest, BadNamesAndValuesAreRefused) {
  for (const char* name : {"", "Router.Password", "a b", "x'; --"}) {
    auto put = store().secrets().put(name, "value", "cli");
    ASSERT_FALSE(put) << name;
    EXPECT_EQ(put.error().code, Errc::invalid_argument);
  }
  auto empty = store().secrets().put("router.password", "", "cli");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message.rfind("value:", 0), 0u);
  EXPECT_TRUE(must(store().secrets().names()).empty());
}

TEST_F(SecretsTest, TheValueIsNeverStoredOrRecordedInClear) {
  must(store().secrets().put("router.password", kPassword, "cli"));
  const std::string blob = sealed_blob("router.password");
  EXPECT_EQ(blob.find(kPassword), std::string::npos);
  EXPECT_EQ(blob.size(), 12 + kPassword.size() + 16);  // nonce, ciphertext, tag
  EXPECT_EQ(table_text(db_path(), "audit_log").find(kPassword), std::string::npos);
  EXPECT_EQ(table_text(db_path(), "outbox").find(kPassword), std::string::npos);
  EXPECT_NE(table_text(db_path(), "audit_log").find("router.password"), std::string::npos);
  for (const auto& e : log_.entries()) EXPECT_EQ(e.message.find(kPassword), std::string::npos);
  close_store();
  // Nowhere in the file or its journal either.
  EXPECT_EQ(read_file(db_path()).find(kPassword), std::string::npos);
  EXPECT_EQ(read_file(db_path().string() + "-wal").find(kPassword), std::string::npos);
}

TEST_F(SecretsTest, ARowCopiedUnderAnotherNameDoesNotOpen) {
  must(store().secrets().put("router.password", kPassword, "cli"));
  sql_exec(
      db_path(),
      "INSERT INTO secrets (name, sealed, updated_at) "
      "SELECT 'registry.token', sealed, updated_at FROM secrets WHERE name = 'router.password'");
  auto copied = store().secrets().get("registry.token");
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, Errc::corrupt);
  EXPECT_EQ(copied.error().message.find(kPassword), std::string::npos);
  EXPECT_EQ(must(store().secrets().get("router.password")), kPassword);
}

TEST_F(SecretsTest, AnotherAppliancesKeyFileIsRefusedAtOpen) {
  must(store().secrets().put("router.password", kPassword, "cli"));
  close_store();
  // Another appliance's key beside this appliance's books.
  TempDir other;
  {
    auto elsewhere = Store::open(StoreOptions{other.path() / "data", true}, clock_, log_);
    ASSERT_TRUE(elsewhere) << elsewhere.error().message;
  }
  fs::copy_file(key_path(other.path() / "data"), key_path(data_dir()),
                fs::copy_options::overwrite_existing);
  auto reopened = Store::open(StoreOptions{data_dir(), false}, clock_, log_);
  ASSERT_FALSE(reopened) << "new secrets and audit entries must not be sealed under a foreign key";
  EXPECT_EQ(reopened.error().code, Errc::permission);
  EXPECT_NE(reopened.error().message.find("does not belong to these books"), std::string::npos)
      << reopened.error().message;
}

TEST_F(SecretsTest, TamperedCiphertextDoesNotOpen) {
  must(store().secrets().put("router.password", kPassword, "cli"));
  std::string blob = sealed_blob("router.password");
  blob[20] = static_cast<char>(blob[20] ^ 0x01);  // one bit of the ciphertext
  auto db = raw_connection(db_path());
  auto update = must(db.prepare("UPDATE secrets SET sealed = ? WHERE name = 'router.password'"));
  update.bind_blob(1, blob);
  must(update.run());
  auto got = store().secrets().get("router.password");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::corrupt);
}

TEST_F(SecretsTest, SettingsRoundTripAndAreAudited) {
  must(store().settings().set("provider.name", "Mama Mboga Wi-Fi", "cli"));
  EXPECT_EQ(must(store().settings().get("provider.name")), "Mama Mboga Wi-Fi");
  EXPECT_FALSE(must(store().settings().get("absent")).has_value());
  EXPECT_EQ(must(store().settings().all()).size(), 1u);
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "setting.changed");
  auto bad = store().settings().set("Bad Key", "x", "cli");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace hotspot::storage::testing
