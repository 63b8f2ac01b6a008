#pragma once
// Dashboard accounts. Passwords are stored as Argon2id hashes (libargon2), never in clear.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotspot::storage {

struct StoreContext;

enum class Role { owner, attendant };
const char* role_name(Role role);

struct Account {
  std::int64_t id = 0;
  std::string username;
  Role role = Role::attendant;
  bool disabled = false;
  long long created_at = 0;
};

inline constexpr std::size_t kMinPasswordLength = 10;

class Accounts {
 public:
  explicit Accounts(StoreContext& ctx) : ctx_(ctx) {}
  // Username: 3 to 32 letters, digits, '.', '-', '_'. Password: at least 10 characters.
  Result<Account> create(std::string_view username, Role role, std::string_view password,
                         std::string_view actor);
  // The enabled account the password matches, or nullopt (no such account, disabled, or the
  // wrong password: the same time is spent on each, so that timing tells nothing).
  Result<std::optional<Account>> authenticate(std::string_view username, std::string_view password);
  // The enabled account of that name (any case), or nullopt.
  Result<std::optional<Account>> find_enabled(std::string_view username);
  // True when the password matches an enabled account.
  Result<bool> verify_password(std::string_view username, std::string_view password);
  Result<std::vector<Account>> list();

 private:
  StoreContext& ctx_;
};

// A password for a person to copy once: 20 characters from the voucher alphabet and lower-case
// letters (about 110 bits).
std::string generate_password(StoreContext& ctx);

}  // namespace hotspot::storage
