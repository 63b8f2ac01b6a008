#include "payments/daraja/json_fields.h"

#include "core/internal/text.h"

namespace hotspot::payments::daraja::detail {

using nlohmann::json;

Error bad_field(std::string_view path, std::string_view what) {
  return make_error(Errc::invalid_argument, std::string(path) + ": " + std::string(what));
}

Result<json> parse_object(std::string_view body, std::string_view what) {
  const std::string name(what);
  if (body.size() > kMaxDarajaBody) {
    return make_error(Errc::invalid_argument, name + ": body is larger than 64 KiB");
  }
  // allow_exceptions=false: a malformed body comes back as a discarded value.
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return make_error(Errc::invalid_argument, name + ": body is not JSON");
  if (!j.is_object()) {
    return make_error(Errc::invalid_argument, name + ": body is not a JSON object");
  }
  return j;
}

namespace {

bool is_id_text(std::string_view s) {
  if (s.empty() || s.size() > kMaxDarajaId) return false;
  for (char c : s) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace

Result<std::string> id_field(const json& obj, const char* key, std::string_view path) {
  auto it = obj.find(key);
  if (it == obj.end()) return bad_field(path, "is missing");
  if (!it->is_string()) return bad_field(path, "must be a string");
  const auto& s = it->get_ref<const std::string&>();
  if (!is_id_text(s)) {
    return bad_field(path, "must be 1 to 64 printable characters without spaces, got " +
                               internal::quote_for_message(s));
  }
  return s;
}

Result<std::string> code_field(const json& obj, const char* key, std::string_view path) {
  auto it = obj.find(key);
  if (it == obj.end()) return bad_field(path, "is missing");
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_string()) return id_field(obj, key, path);
  return bad_field(path, "must be a string or a whole number");
}

std::string text_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  std::string out;
  const auto& s = it->get_ref<const std::string&>();
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    auto cp = internal::decode_utf8(s, pos);
    if (!cp) {
      ++pos;
      out.push_back('?');
    } else if (internal::is_control(*cp)) {
      out.push_back(' ');
    } else {
      if (out.size() + (pos - start) > kMaxDarajaText) break;  // never cut a character in two
      out.append(s, start, pos - start);
    }
    if (out.size() >= kMaxDarajaText) break;
  }
  return out;
}

bool is_error_envelope(const json& obj) { return obj.contains("errorCode"); }

Result<DarajaError> error_envelope(const json& obj) {
  auto code = id_field(obj, "errorCode", "errorCode");
  if (!code) return code.error();
  DarajaError e;
  e.error_code = std::move(*code);
  if (obj.contains("requestId")) {
    auto id = id_field(obj, "requestId", "requestId");
    if (!id) return id.error();
    e.request_id = std::move(*id);
  }
  e.error_message = text_field(obj, "errorMessage");
  return e;
}

}  // namespace hotspot::payments::daraja::detail
