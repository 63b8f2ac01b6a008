#pragma once
// The path of a payment's own CallBackURL: "<base>/<payment id>/<secret>". The secret (128 bits,
// drawn when the payment is created) is what makes an unsigned Daraja callback believable: only
// Daraja, told it in the push, and the relay that forwards it know it. The path avoids the words
// Daraja's URL filters refuse (mpesa, query, ...).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::daemon {

struct CallbackTarget {
  std::int64_t payment_id = 0;
  std::string secret;
};

// "<id>/<secret>", appended to the configured base.
std::string callback_path_tail(std::int64_t payment_id, std::string_view secret);
// The last two segments of a request target (any prefix, which the site's proxy or the relay
// chooses; a query string is ignored): a positive id of at most 18 digits and 32 lower-case hex
// characters. nullopt for anything else.
std::optional<CallbackTarget> parse_callback_path(std::string_view target);
// Compares in time that does not depend on where the strings differ.
bool same_secret(std::string_view expected, std::string_view given);

}  // namespace hotspot::daemon
