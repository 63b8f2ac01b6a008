#include "payments/daraja/settings.h"

#include <algorithm>
#include <map>

#include "payments/http/url.h"
#include "storage/settings.h"

namespace hotspot::payments::daraja {
namespace {

constexpr const char* kConsumerKey = "mpesa.consumer-key";
constexpr const char* kConsumerSecret = "mpesa.consumer-secret";
constexpr const char* kPasskey = "mpesa.passkey";
constexpr const char* kShortcode = "mpesa.shortcode";

Error invalid(std::string message) {
  return make_error(Errc::invalid_argument, std::move(message));
}

// validate_credentials checks the secrets too; plain-only checks use placeholders for them so
// that a summary without secrets can still be judged.
DarajaCredentials with_placeholder_secrets(DarajaCredentials creds) {
  creds.consumer_key = creds.consumer_secret = creds.passkey = "x";
  return creds;
}

std::map<std::string, std::string> plain_fields(const DarajaSettings& s) {
  const auto& c = s.credentials;
  return {{"mpesa.type", c.type == ShortcodeType::till ? "till" : "paybill"},
          {"mpesa.till-number", c.till_number},
          {"mpesa.base-url", s.base_url},
          {"mpesa.ca-file", s.ca_file},
          {"mpesa.callback-url-base", s.callback_url_base}};
}

Result<DarajaSettings> read_plain(storage::Store& store) {
  auto all = store.settings().all();
  if (!all) return all.error();
  auto field = [&](const char* key) {
    auto it = all->find(key);
    return it == all->end() ? std::string() : it->second;
  };
  DarajaSettings s;
  s.credentials.shortcode = field(kShortcode);
  s.credentials.type = field("mpesa.type") == "till" ? ShortcodeType::till : ShortcodeType::paybill;
  s.credentials.till_number = field("mpesa.till-number");
  s.base_url = field("mpesa.base-url");
  s.ca_file = field("mpesa.ca-file");
  s.callback_url_base = field("mpesa.callback-url-base");
  return s;
}

Error not_set_up(std::string what) {
  return make_error(Errc::not_found, "M-PESA is not set up (" + what +
                                         "); run 'hotspotctl mpesa set ... --consumer-key-stdin'");
}

}  // namespace

const char* daraja_environment(std::string_view base_url) {
  if (base_url == kSandboxBaseUrl) return "sandbox";
  if (base_url == kProductionBaseUrl) return "production";
  return "custom";
}

Result<std::string> normalize_base_url(std::string_view url) {
  std::string text(url);
  if (!text.empty() && text.back() == '/') text.pop_back();
  auto parsed = http::parse_url(text);
  if (!parsed) return invalid("base-url: " + parsed.error().message);
  if (!parsed->tls) return invalid("base-url: must start with https://");
  if (parsed->target != "/") return invalid("base-url: give only https://host[:port], no path");
  return text;
}

Status validate_daraja_settings(const DarajaSettings& s) {
  if (auto v = validate_credentials(s.credentials); !v) return v;
  if (s.credentials.type == ShortcodeType::paybill && !s.credentials.till_number.empty()) {
    return invalid("till number: only a till (--type till) has one");
  }
  auto base = normalize_base_url(s.base_url);
  if (!base) return base.error();
  if (*base != s.base_url) return invalid("base-url: give it without a trailing '/'");
  if (s.ca_file.find_first_of("\r\n") != std::string::npos || s.ca_file.size() > 4096) {
    return invalid("ca-file: not a usable file path");
  }
  if (!s.callback_url_base.empty()) {
    if (auto v = validate_callback_url(s.callback_url_base); !v) {
      return invalid("callback-url: " + v.error().message);
    }
  }
  return {};
}

Status save_daraja_settings(storage::Store& store, const DarajaSettings& s,
                            std::string_view actor) {
  if (auto v = validate_daraja_settings(s); !v) return v;
  const std::pair<const char*, const std::string&> secrets[] = {
      {kConsumerKey, s.credentials.consumer_key},
      {kConsumerSecret, s.credentials.consumer_secret},
      {kPasskey, s.credentials.passkey}};
  for (const auto& [name, value] : secrets) {
    if (auto put = store.secrets().put(name, value, actor); !put) return put;
  }
  for (const auto& [key, value] : plain_fields(s)) {
    if (auto set = store.settings().set(key, value, actor); !set) return set;
  }
  return store.settings().set(kShortcode, s.credentials.shortcode, actor);
}

Result<DarajaSettingsSummary> describe_daraja_settings(storage::Store& store) {
  auto plain = read_plain(store);
  if (!plain) return plain.error();
  auto names = store.secrets().names();
  if (!names) return names.error();
  auto has = [&](std::string_view name) {
    return std::find(names->begin(), names->end(), name) != names->end();
  };
  DarajaSettingsSummary summary;
  summary.configured = !plain->credentials.shortcode.empty();
  summary.settings = *plain;
  summary.consumer_key_set = has(kConsumerKey);
  summary.consumer_secret_set = has(kConsumerSecret);
  summary.passkey_set = has(kPasskey);
  return summary;
}

Result<DarajaSettings> load_daraja_settings(storage::Store& store) {
  auto s = read_plain(store);
  if (!s) return s.error();
  if (s->credentials.shortcode.empty()) return not_set_up("no shortcode is stored");
  DarajaSettings checked = *s;
  checked.credentials = with_placeholder_secrets(s->credentials);
  if (auto v = validate_daraja_settings(checked); !v) {
    return make_error(Errc::corrupt, "the stored M-PESA settings are not valid (" +
                                         v.error().message + "); set them again");
  }
  std::pair<const char*, std::string*> secrets[] = {
      {kConsumerKey, &s->credentials.consumer_key},
      {kConsumerSecret, &s->credentials.consumer_secret},
      {kPasskey, &s->credentials.passkey}};
  for (auto& [name, value] : secrets) {
    auto got = store.secrets().get(name);
    if (!got && got.error().code == Errc::not_found)
      return not_set_up(std::string(name) + " is missing");
    if (!got) return got.error();
    *value = std::move(*got);
  }
  return *s;
}

}  // namespace hotspot::payments::daraja
