#include "storage/accounts.h"

#include <argon2.h>

#include "storage/context.h"

namespace hotspot::storage {
namespace {

// Argon2id with RFC 9106's second recommended option scaled for a Raspberry Pi: 3 passes over
// 64 MiB take about a quarter of a second there, and logins are rare.
constexpr std::uint32_t kTimeCost = 3;
constexpr std::uint32_t kMemoryKiB = 64 * 1024;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kHashSize = 32;

Status validate_username(std::string_view name) {
  bool ok = name.size() >= 3 && name.size() <= 32;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_');
  }
  if (!ok) {
    return make_error(Errc::invalid_argument,
                      "username: use 3 to 32 letters, digits, '.', '-' or '_'");
  }
  return {};
}

Result<std::string> hash_password(StoreContext& ctx, std::string_view password) {
  std::uint8_t salt[kSaltSize];
  {
    std::lock_guard lock(ctx.random_mu);
    ctx.random->fill(salt);
  }
  std::string encoded(argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltSize, kHashSize,
                                        Argon2_id),
                      '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                                 salt, kSaltSize, kHashSize, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return make_error(Errc::internal, std::string("password hashing failed: ") +
                                          argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

// A hash with the real parameters, made once per process, for unknown usernames.
const std::string& dummy_hash(StoreContext& ctx) {
  static const std::string hash = [&ctx] {
    auto made = hash_password(ctx, "no such account");
    return made ? *made : std::string();
  }();
  return hash;
}

}  // namespace

const char* role_name(Role role) { return role == Role::owner ? "owner" : "attendant"; }

std::string generate_password(StoreContext& ctx) {
  static constexpr std::string_view kAlphabet =
      "23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz";
  std::lock_guard lock(ctx.random_mu);
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out.push_back(kAlphabet[ctx.random->uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

Result<Account> Accounts::create(std::string_view username, Role role, std::string_view password,
                                 std::string_view actor) {
  if (auto v = validate_username(username); !v) return v.error();
  if (password.size() < kMinPasswordLength || password.size() > 1024) {
    return make_error(Errc::invalid_argument, "password: at least " +
                                                  std::to_string(kMinPasswordLength) +
                                                  " characters");
  }
  auto hash = hash_password(ctx_, password);
  if (!hash) return hash.error();
  Account account{0, std::string(username), role, false, ctx_.now()};
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto insert = db.cached(
        "INSERT INTO accounts (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, username).bind(2, std::string_view(role_name(role)));
    insert->bind(3, std::string_view(*hash)).bind(4, static_cast<std::int64_t>(account.created_at));
    if (auto s = insert->run(); !s) {
      if (s.error().code != Errc::conflict) return s;
      return make_error(Errc::already_exists,
                        "username: an account '" + std::string(username) + "' already exists");
    }
    account.id = db.last_insert_rowid();
    return record_change(db, ctx_, {std::string(actor), "account.created",
                                    "account:" + account.username,
                                    {{"username", account.username}, {"role", role_name(role)}}});
  });
  if (!written) return written.error();
  return account;
}

Result<std::optional<Account>> Accounts::authenticate(std::string_view username,
                                                      std::string_view password) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(
      "SELECT id, username, role, created_at, password_hash FROM accounts "
      "WHERE username = ? AND disabled = 0");
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) {
    // Spend the same time as for a wrong password, so that timing does not tell which
    // usernames exist.
    (void)argon2id_verify(dummy_hash(ctx_).c_str(), password.data(), password.size());
    return std::optional<Account>();
  }
  Account account{stmt->column_int(0), stmt->column_text(1),
                  stmt->column_text(2) == "owner" ? Role::owner : Role::attendant, false,
                  stmt->column_int(3)};
  const std::string hash = stmt->column_text(4);
  if (argon2id_verify(hash.c_str(), password.data(), password.size()) != ARGON2_OK) {
    return std::optional<Account>();
  }
  return std::optional<Account>(std::move(account));
}

Result<std::optional<Account>> Accounts::find_enabled(std::string_view username) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(
      "SELECT id, username, role, created_at FROM accounts WHERE username = ? AND disabled = 0");
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Account>();
  const Role role = stmt->column_text(2) == "owner" ? Role::owner : Role::attendant;
  return std::optional<Account>(
      Account{stmt->column_int(0), stmt->column_text(1), role, false, stmt->column_int(3)});
}

Result<bool> Accounts::verify_password(std::string_view username, std::string_view password) {
  auto account = authenticate(username, password);
  if (!account) return account.error();
  return account->has_value();
}

Result<std::vector<Account>> Accounts::list() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached(
      "SELECT id, username, role, disabled, created_at FROM accounts ORDER BY id");
  if (!stmt) return stmt.error();
  return collect_rows<Account>(*stmt, [](const Statement& r) -> Account {
    return {r.column_int(0), r.column_text(1),
            r.column_text(2) == "owner" ? Role::owner : Role::attendant, r.column_int(3) != 0,
            r.column_int(4)};
  });
}

}  // namespace hotspot::storage
