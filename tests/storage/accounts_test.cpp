// Dashboard accounts: Argon2id hashes, never a password in clear.

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

constexpr std::string_view kPassword = "correct horse battery";

using AccountsTest = StoreTest;

TEST_F(AccountsTest, OwnerIsCreatedAndVerified) {
  Account owner = must(store().accounts().create("owner", Role::owner, kPassword, "cli"));
  EXPECT_GT(owner.id, 0);
  EXPECT_EQ(owner.role, Role::owner);
  EXPECT_TRUE(must(store().accounts().verify_password("owner", kPassword)));
  EXPECT_TRUE(must(store().accounts().verify_password("OWNER", kPassword)));  // names ignore case
  EXPECT_FALSE(must(store().accounts().verify_password("owner", "correct horse battery!")));
  EXPECT_FALSE(must(store().accounts().verify_password("owner", "")));
  EXPECT_FALSE(must(store().accounts().verify_password("nobody", kPassword)));
  auto listed = must(store().accounts().list());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].username, "owner");
}

TEST_F(AccountsTest, AuthenticateTellsTheRoleOfTheAccountThePasswordMatches) {
  must(store().accounts().create("owner", Role::owner, kPassword, "cli"));
  must(store().accounts().create("desk", Role::attendant, "attendant password", "cli"));
  auto owner = must(store().accounts().authenticate("Owner", kPassword));
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->username, "owner");
  EXPECT_EQ(owner->role, Role::owner);
  auto desk = must(store().accounts().authenticate("desk", "attendant password"));
  ASSERT_TRUE(desk);
  EXPECT_EQ(desk->role, Role::attendant);
  EXPECT_FALSE(must(store().accounts().authenticate("desk", kPassword)));
  EXPECT_FALSE(must(store().accounts().authenticate("nobody", kPassword)));
}

TEST_F(AccountsTest, TheHashIsArgon2idAndThePasswordIsNowhere) {
  must(store().accounts().create("owner", Role::owner, kPassword, "cli"));
  auto db = raw_connection(db_path());
  auto stmt = must(db.prepare("SELECT password_hash FROM accounts"));
  ASSERT_TRUE(must(stmt.step()));
  const std::string hash = stmt.column_text(0);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
  EXPECT_EQ(table_text(db_path(), "audit_log").find(kPassword), std::string::npos);
  EXPECT_EQ(table_text(db_path(), "outbox").find(kPassword), std::string::npos);
}

TEST_F(AccountsTest, DuplicateUsernameIsRefusedIgnoringCase) {
  must(store().accounts().create("owner", Role::owner, kPassword, "cli"));
  auto again = store().accounts().create("Owner", Role::attendant, "another password", "cli");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::already_exists);
  EXPECT_EQ(again.error().message.rfind("username:", 0), 0u);
  EXPECT_EQ(counts().accounts, 1);
  EXPECT_TRUE(must(store().accounts().verify_password("owner", kPassword)));
}

TEST_F(AccountsTest, BadUsernamesAndShortPasswordsAreRefused) {
  auto short_password = store().accounts().create("owner", Role::owner, "123456789", "cli");
  ASSERT_FALSE(short_password);
  EXPECT_EQ(short_password.error().code, Errc::invalid_argument);
  EXPECT_EQ(short_password.error().message.rfind("password:", 0), 0u);
  for (const char* name : {"", "ab", "has space", "semi;colon", "x\ny"}) {
    auto bad = store().accounts().create(name, Role::attendant, kPassword, "cli");
    ASSERT_FALSE(bad) << name;
    EXPECT_EQ(bad.error().message.rfind("username:", 0), 0u);
  }
  EXPECT_EQ(counts().accounts, 0);
  EXPECT_EQ(counts().audit_entries, 0);
}

TEST_F(AccountsTest, GeneratedPasswordsAreLongAndDistinct) {
  const std::string a = generate_password(store().context());
  const std::string b = generate_password(store().context());
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace hotspot::storage::testing
