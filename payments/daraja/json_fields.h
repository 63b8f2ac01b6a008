#pragma once
// Shared by the answer and callback readers: parsing a bounded body and taking typed fields out
// of it without letting nlohmann::json throw. Internal to payments/daraja.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "payments/daraja/responses.h"

namespace hotspot::payments::daraja::detail {

// The body as a JSON object; errors for oversize, not JSON, not an object.
Result<nlohmann::json> parse_object(std::string_view body, std::string_view what);

// A required id-like string: 1..kMaxDarajaId printable ASCII without spaces. `path` names the
// field in the message ("Body.stkCallback.CheckoutRequestID").
Result<std::string> id_field(const nlohmann::json& obj, const char* key, std::string_view path);
// An id that Daraja may send as a string or as a whole number ("0" or 0): the decimal text.
Result<std::string> code_field(const nlohmann::json& obj, const char* key, std::string_view path);
// Free text, cut to kMaxDarajaText bytes with control characters replaced; empty if absent.
std::string text_field(const nlohmann::json& obj, const char* key);
// Whether the object holds the error envelope (an "errorCode" member).
bool is_error_envelope(const nlohmann::json& obj);
// Reads the error envelope; errorCode is required, requestId may be missing.
Result<DarajaError> error_envelope(const nlohmann::json& obj);

Error bad_field(std::string_view path, std::string_view what);

}  // namespace hotspot::payments::daraja::detail
