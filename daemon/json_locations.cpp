#include "daemon/json_locations.h"

#include <nlohmann/json.hpp>

namespace hotspot::daemon {
namespace {

// A recursive walk over text that is already known to be valid JSON: it never has to report a
// syntax error, only to follow strings, brackets and commas closely enough to record positions.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  Status scan(JsonLocations& out) {
    out_ = &out;
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 BOM, which nlohmann skips too
    skip_space();
    return value("", 0);
  }

 private:
  Status value(const std::string& path, std::size_t depth) {
    if (at_end()) return {};
    if (depth >= kMaxJsonNesting) {
      return make_error(Errc::invalid_argument,
                        "nested deeper than " + std::to_string(kMaxJsonNesting) + " levels");
    }
    if (peek() == '{') return object(path, depth + 1);
    if (peek() == '[') return array(path, depth + 1);
    if (peek() == '"') {
      (void)string_token();
    } else {
      skip_scalar();
    }
    return {};
  }

  Status object(const std::string& path, std::size_t depth) {
    ++pos_;  // '{'
    skip_space();
    while (!at_end() && peek() != '}') {
      const std::size_t key_at = pos_;
      const std::string key = decode_string(string_token());
      skip_space();
      ++pos_;  // ':'
      skip_space();
      const std::string child = path.empty() ? key : path + "." + key;
      record(child, key_at, pos_);
      if (Status s = value(child, depth); !s) return s;
      skip_separator();
    }
    ++pos_;  // '}'
    return {};
  }

  Status array(const std::string& path, std::size_t depth) {
    ++pos_;  // '['
    skip_space();
    for (std::size_t index = 0; !at_end() && peek() != ']'; ++index) {
      const std::string child = path + "[" + std::to_string(index) + "]";
      record(child, pos_, pos_);
      if (Status s = value(child, depth); !s) return s;
      skip_separator();
    }
    ++pos_;  // ']'
    return {};
  }

  void record(const std::string& path, std::size_t key_at, std::size_t value_at) {
    MemberLocation loc{position_of(text_, key_at), position_of(text_, value_at)};
    auto [it, inserted] = out_->members.emplace(path, loc);
    if (!inserted) {
      out_->duplicates.push_back({path, it->second.key, loc.key});
      it->second = loc;  // nlohmann keeps the last value, so point at the last one
    }
  }

  std::string_view string_token() {
    const std::size_t start = pos_++;
    while (!at_end() && peek() != '"') pos_ += (peek() == '\\') ? 2 : 1;
    ++pos_;  // closing quote
    return text_.substr(start, pos_ - start);
  }

  // Keys may hold escapes ("\u0070ortal"); let nlohmann decode them exactly as it did before.
  static std::string decode_string(std::string_view token) {
    return nlohmann::json::parse(token, nullptr, false).get<std::string>();
  }

  void skip_scalar() {
    while (!at_end() && std::string_view(",}] \t\r\n").find(peek()) == std::string_view::npos) {
      ++pos_;
    }
  }
  void skip_separator() {
    skip_space();
    if (!at_end() && peek() == ',') ++pos_;
    skip_space();
  }
  void skip_space() {
    while (!at_end() && std::string_view(" \t\r\n").find(peek()) != std::string_view::npos) ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  std::string_view text_;
  std::size_t pos_ = 0;
  JsonLocations* out_ = nullptr;
};

}  // namespace

TextPosition position_of(std::string_view text, std::size_t byte_offset) {
  TextPosition p{1, 1};
  const std::size_t end = std::min(byte_offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

Result<JsonLocations> locate_json_members(std::string_view text) {
  JsonLocations out;
  if (Status s = Scanner(text).scan(out); !s) return s.error();
  return out;
}

}  // namespace hotspot::daemon
