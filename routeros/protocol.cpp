#include "routeros/protocol.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace hotspot::routeros {
namespace {

// ---- word lengths (routeros.md §1.2) -------------------------------------------------------

constexpr std::uint64_t kMaxEncodableLength = 0xFFFF'FFFF;

struct LengthPrefix {
  std::size_t prefix_bytes = 0;
  std::uint64_t length = 0;
};

Error decode_error(std::string what) {
  return make_error(Errc::invalid_argument,
                    "RouterOS API stream: " + std::move(what) + "; the connection cannot continue");
}

std::string hex_byte(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

// How many bytes the prefix starting with `first` takes; an error for the reserved bytes.
Result<std::size_t> prefix_size(unsigned char first) {
  if (first < 0x80) return std::size_t{1};
  if (first < 0xC0) return std::size_t{2};
  if (first < 0xE0) return std::size_t{3};
  if (first < 0xF0) return std::size_t{4};
  if (first == 0xF0) return std::size_t{5};
  if (first >= 0xF8) return decode_error("received the reserved control byte " + hex_byte(first));
  return decode_error("received " + hex_byte(first) +
                      ", which starts no assigned word length form");
}

// The length prefix at the start of `bytes`; nullopt while it has not fully arrived. The
// reserved first bytes are refused at once, without waiting for the bytes they announce.
Result<std::optional<LengthPrefix>> read_length(std::string_view bytes) {
  if (bytes.empty()) return std::optional<LengthPrefix>{};
  auto first = static_cast<unsigned char>(bytes[0]);
  auto size = prefix_size(first);
  if (!size) return size.error();
  if (bytes.size() < *size) return std::optional<LengthPrefix>{};
  // The 5-byte form drops the marker byte; the others keep its low bits below the marker.
  static constexpr std::array<std::uint64_t, 6> kMask = {0,         0x7F,        0x3FFF,
                                                         0x1F'FFFF, 0x0FFF'FFFF, 0xFFFF'FFFF};
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < *size; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return std::optional<LengthPrefix>{LengthPrefix{*size, value & kMask[*size]}};
}

void append_big_endian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

}  // namespace

void append_length(std::string& out, std::size_t length) {
  auto n = static_cast<std::uint64_t>(length);
  if (n < 0x80) {
    append_big_endian(out, n, 1);
  } else if (n < 0x4000) {
    append_big_endian(out, n | 0x8000, 2);
  } else if (n < 0x20'0000) {
    append_big_endian(out, n | 0xC0'0000, 3);
  } else if (n < 0x1000'0000) {
    append_big_endian(out, n | 0xE000'0000, 4);
  } else if (n <= kMaxEncodableLength) {
    out.push_back(static_cast<char>(0xF0));
    append_big_endian(out, n, 4);
  } else {
    // validate_command bounds every word far below this; reaching it is a programming error.
    throw std::length_error("RouterOS API word longer than 0xFFFFFFFF bytes");
  }
}

void append_word(std::string& out, std::string_view word) {
  append_length(out, word.size());
  out.append(word);
}

namespace {

// "=name=value" with its length prefix, as encode_reply and encode_command spell attributes.
void append_attribute(std::string& out, const Attribute& a) {
  append_length(out, a.name.size() + a.value.size() + 2);
  out.push_back('=');
  out.append(a.name);
  out.push_back('=');
  out.append(a.value);
}

}  // namespace

std::string encode_sentence(const Sentence& words) {
  std::size_t size = 1;
  for (const auto& w : words) size += w.size() + 5;
  std::string out;
  out.reserve(size);
  for (const auto& w : words) append_word(out, w);
  out.push_back('\0');
  return out;
}

// ---- sentence decoder (routeros.md §1.3) ---------------------------------------------------

namespace {

// Checked as soon as a word's length is known, before its bytes arrive, so that a peer cannot
// make the decoder wait for (and buffer) more than the limits allow.
Status check_limits(const DecoderLimits& limits, std::size_t words_so_far,
                    std::size_t bytes_with_prefix, std::uint64_t length) {
  if (length > limits.max_word_bytes) {
    return decode_error("a word of " + std::to_string(length) + " bytes exceeds the limit of " +
                        std::to_string(limits.max_word_bytes) + " bytes");
  }
  if (words_so_far >= limits.max_sentence_words) {
    return decode_error("a sentence has more than " + std::to_string(limits.max_sentence_words) +
                        " words");
  }
  if (bytes_with_prefix + length > limits.max_sentence_bytes) {
    return decode_error("a sentence exceeds the limit of " +
                        std::to_string(limits.max_sentence_bytes) + " bytes");
  }
  return {};
}

}  // namespace

SentenceDecoder::SentenceDecoder(DecoderLimits limits) : limits_(limits) {}

void SentenceDecoder::feed(std::string_view bytes) {
  if (failed_) return;  // nothing after an error can be interpreted; don't hold on to it
  buffer_.append(bytes);
}

std::size_t SentenceDecoder::buffered() const { return buffer_.size() - offset_ + words_bytes_; }

Error SentenceDecoder::fail(Error error) {
  failed_ = error;
  buffer_.clear();
  buffer_.shrink_to_fit();
  offset_ = 0;
  words_.clear();
  words_bytes_ = 0;
  return error;
}

// Drops decoded bytes once they are at least half the buffer, so that the cost stays linear
// however the stream is split.
void SentenceDecoder::compact() {
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
}

Result<std::optional<Sentence>> SentenceDecoder::next() {
  if (failed_) return *failed_;
  for (;;) {
    std::string_view rest = std::string_view(buffer_).substr(offset_);
    auto prefix = read_length(rest);
    if (!prefix) return fail(prefix.error());
    if (!*prefix) break;
    const auto [prefix_bytes, length] = **prefix;
    if (length == 0) {  // the terminator
      offset_ += prefix_bytes;
      if (words_.empty()) continue;  // empty sentences are ignored, as the router does
      Sentence done = std::move(words_);
      words_.clear();
      // Room for a sentence like this one, allocated once rather than grown word by word (but
      // not held for a huge one: the next is likelier a short reply).
      words_.reserve(std::min<std::size_t>(done.size(), 64));
      words_bytes_ = 0;
      compact();
      return std::optional<Sentence>(std::move(done));
    }
    if (auto s = check_limits(limits_, words_.size(), words_bytes_ + prefix_bytes, length); !s) {
      return fail(s.error());
    }
    if (rest.size() - prefix_bytes < length) break;
    words_.emplace_back(rest.substr(prefix_bytes, static_cast<std::size_t>(length)));
    offset_ += prefix_bytes + static_cast<std::size_t>(length);
    words_bytes_ += prefix_bytes + static_cast<std::size_t>(length);
  }
  compact();
  return std::optional<Sentence>{};
}

// ---- words ---------------------------------------------------------------------------------

std::string printable_word(std::string_view word) {
  constexpr std::size_t kMaxShown = 48;
  std::string out = "\"";
  for (std::size_t i = 0; i < word.size() && i < kMaxShown; ++i) {
    auto c = static_cast<unsigned char>(word[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  out.push_back('"');
  if (word.size() > kMaxShown) out += "... (" + std::to_string(word.size()) + " bytes)";
  return out;
}

namespace {

// "=name=value" split at its first two '='; nullopt when the word has another shape.
std::optional<Attribute> split_attribute(std::string_view word) {
  if (word.size() < 2 || word[0] != '=') return std::nullopt;
  std::size_t second = word.find('=', 1);
  if (second == std::string_view::npos || second == 1) return std::nullopt;
  return Attribute{std::string(word.substr(1, second - 1)), std::string(word.substr(second + 1))};
}

constexpr std::string_view kTagPrefix = ".tag=";

bool is_tag_word(std::string_view word) { return word.starts_with(kTagPrefix); }

Error reply_error(const std::string& what) {
  return make_error(Errc::invalid_argument, "RouterOS API reply: " + what);
}

struct KindName {
  ReplyKind kind;
  const char* word;
};
constexpr std::array<KindName, 5> kKinds = {{{ReplyKind::re, "!re"},
                                             {ReplyKind::done, "!done"},
                                             {ReplyKind::trap, "!trap"},
                                             {ReplyKind::fatal, "!fatal"},
                                             {ReplyKind::empty, "!empty"}}};

std::optional<ReplyKind> kind_from_word(std::string_view word) {
  for (const auto& k : kKinds) {
    if (word == k.word) return k.kind;
  }
  return std::nullopt;
}

}  // namespace

const char* reply_kind_name(ReplyKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.word;
  }
  return "!unknown";
}

// ---- replies (routeros.md §1.5) ------------------------------------------------------------

std::optional<std::string> Reply::get(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return a.value;
  }
  return std::nullopt;
}

std::optional<int> Reply::trap_category() const {
  auto text = get("category");
  if (!text || text->empty() || text->size() > 4) return std::nullopt;
  int value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string Reply::trap_message() const { return get("message").value_or(std::string()); }

namespace {

// One word after the reply word. `fatal` admits bare words: the reason the router gives
// before it closes the connection ("session terminated on request").
Status add_reply_word(Reply& reply, const std::string& word, bool fatal) {
  if (is_tag_word(word)) {
    if (reply.tag) return reply_error("two .tag words in one sentence");
    reply.tag = word.substr(kTagPrefix.size());
  } else if (auto attribute = split_attribute(word)) {
    reply.attributes.push_back(std::move(*attribute));
  } else if (fatal) {
    if (!reply.fatal_reason.empty()) reply.fatal_reason.push_back(' ');
    reply.fatal_reason += word;
  } else {
    return reply_error("the word " + printable_word(word) + " after " +
                       reply_kind_name(reply.kind) + " is neither =name=value nor .tag=");
  }
  return {};
}

}  // namespace

Result<Reply> parse_reply(const Sentence& sentence) {
  if (sentence.empty()) return reply_error("an empty sentence");
  auto kind = kind_from_word(sentence[0]);
  if (!kind) {
    return reply_error("unknown reply word " + printable_word(sentence[0]) +
                       " (expected !re, !done, !trap, !fatal or !empty)");
  }
  Reply reply;
  reply.kind = *kind;
  for (std::size_t i = 1; i < sentence.size(); ++i) {
    if (auto s = add_reply_word(reply, sentence[i], *kind == ReplyKind::fatal); !s) {
      return s.error();
    }
  }
  return reply;
}

namespace {

// ".tag=X" with its length prefix.
void append_tag(std::string& out, std::string_view tag) {
  append_length(out, kTagPrefix.size() + tag.size());
  out.append(kTagPrefix);
  out.append(tag);
}

}  // namespace

void append_reply(std::string& out, const Reply& reply) {
  append_word(out, reply_kind_name(reply.kind));
  if (reply.tag) append_tag(out, *reply.tag);
  if (reply.kind == ReplyKind::fatal && !reply.fatal_reason.empty()) {
    append_word(out, reply.fatal_reason);
  }
  for (const auto& a : reply.attributes) append_attribute(out, a);
  out.push_back('\0');
}

Sentence encode_reply(const Reply& reply) {
  Sentence words{reply_kind_name(reply.kind)};
  if (reply.tag) words.push_back(std::string(kTagPrefix) + *reply.tag);
  if (reply.kind == ReplyKind::fatal && !reply.fatal_reason.empty()) {
    words.push_back(reply.fatal_reason);
  }
  for (const auto& a : reply.attributes) words.push_back("=" + a.name + "=" + a.value);
  return words;
}

// ---- commands (routeros.md §1.4, §1.7) -----------------------------------------------------

namespace {

// Which bytes a path segment and an attribute name may hold ('.' only names), looked up rather
// than tested range by range: every word of every command passes here, on both ends.
enum : std::uint8_t { kPathChar = 1, kNameChar = 2 };
constexpr std::array<std::uint8_t, 256> kWordChars = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = kPathChar | kNameChar;
  for (int c = '0'; c <= '9'; ++c) table[c] = kPathChar | kNameChar;
  table['-'] = kPathChar | kNameChar;
  table['.'] = kNameChar;
  return table;
}();

bool is_a(std::uint8_t kind, char c) {
  return (kWordChars[static_cast<unsigned char>(c)] & kind) != 0;
}

Error command_error(const std::string& what) {
  return make_error(Errc::invalid_argument, "RouterOS API command: " + what);
}

Status validate_path(std::string_view path) {
  bool valid = path.size() >= 2 && path[0] == '/' && path.back() != '/';
  for (std::size_t i = 1; valid && i < path.size(); ++i) {
    valid = is_a(kPathChar, path[i]) || (path[i] == '/' && path[i - 1] != '/');
  }
  if (valid) return {};
  return command_error("the path " + printable_word(path) +
                       " must be '/' and segments of a-z, 0-9 and '-', as in /ip/hotspot/user/add");
}

Status validate_attribute_name(std::string_view name) {
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return is_a(kNameChar, c);
  });
  if (valid) return {};
  return command_error("the attribute name " + printable_word(name) +
                       " must be non-empty and hold only a-z, 0-9, '.' and '-'");
}

Status validate_tag(std::string_view tag) {
  const bool valid = !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char c) {
    return c > 0x20 && c < 0x7F && c != '=';
  });
  if (valid) return {};
  return command_error("the tag " + printable_word(tag) +
                       " must be non-empty printable ASCII without '=' or spaces");
}

Status validate_size(std::string_view word, std::size_t encoded_size) {
  const std::size_t limit = DecoderLimits{}.max_word_bytes;
  if (encoded_size <= limit) return {};
  return command_error("the word starting " + printable_word(word.substr(0, 24)) + " is " +
                       std::to_string(encoded_size) + " bytes, over the limit of " +
                       std::to_string(limit));
}

}  // namespace

Status validate_command(const Command& command) {
  if (auto s = validate_path(command.path); !s) return s;
  for (const auto& a : command.attributes) {
    if (auto s = validate_attribute_name(a.name); !s) return s;
    if (auto s = validate_size(a.name, a.name.size() + a.value.size() + 2); !s) return s;
  }
  for (const auto& q : command.queries) {
    if (q.size() < 2 || q[0] != '?') {
      return command_error("the query word " + printable_word(q) +
                           " must start with '?' and name something, as in ?name=x");
    }
    if (auto s = validate_size(q, q.size()); !s) return s;
  }
  if (command.tag) {
    if (auto s = validate_tag(*command.tag); !s) return s;
  }
  return {};
}

Sentence encode_command(const Command& command) {
  Sentence words{command.path};
  words.reserve(1 + command.attributes.size() + command.queries.size() + 1);
  for (const auto& a : command.attributes) words.push_back("=" + a.name + "=" + a.value);
  for (const auto& q : command.queries) words.push_back(q);
  if (command.tag) words.push_back(std::string(kTagPrefix) + *command.tag);
  return words;
}

void append_command(std::string& out, const Command& command) {
  append_word(out, command.path);
  for (const auto& a : command.attributes) append_attribute(out, a);
  for (const auto& q : command.queries) append_word(out, q);
  if (command.tag) append_tag(out, *command.tag);
  out.push_back('\0');
}

namespace {

// split_attribute for a word we own: the value keeps the word's buffer instead of a copy.
bool take_attribute(std::string& word, Command& command) {
  if (word.size() < 2 || word[0] != '=') return false;
  const std::size_t second = word.find('=', 1);
  if (second == std::string::npos || second == 1) return false;
  std::string name = word.substr(1, second - 1);
  word.erase(0, second + 1);
  command.attributes.push_back(Attribute{std::move(name), std::move(word)});
  return true;
}

Status add_command_word(Command& command, std::string& word) {
  if (is_tag_word(word)) {
    if (command.tag) return command_error("two .tag words in one sentence");
    // An empty tag means no tag: the router then sends its replies untagged (§1.6).
    if (word.size() > kTagPrefix.size()) command.tag = word.substr(kTagPrefix.size());
  } else if (word.starts_with('?')) {
    command.queries.push_back(std::move(word));
  } else if (!take_attribute(word, command)) {
    return command_error("the word " + printable_word(word) +
                         " is neither =name=value, ?query nor .tag=");
  }
  return {};
}

}  // namespace

Result<Command> parse_command(const Sentence& sentence) { return parse_command(Sentence(sentence)); }

Result<Command> parse_command(Sentence&& sentence) {
  if (sentence.empty()) return command_error("an empty sentence");
  Command command;
  command.path = std::move(sentence[0]);
  command.attributes.reserve(sentence.size() - 1);
  for (std::size_t i = 1; i < sentence.size(); ++i) {
    if (auto s = add_command_word(command, sentence[i]); !s) return s.error();
  }
  if (auto s = validate_command(command); !s) return s.error();
  return command;
}

}  // namespace hotspot::routeros
