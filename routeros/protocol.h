#pragma once
// The RouterOS API wire protocol, pure (no IO): word lengths, sentences, replies and command
// words, as described with sources in shared/reference/routeros.md §1.
//
// A word is its encoded length (1 to 5 bytes, big-endian) followed by that many bytes; a
// sentence is words ended by an empty word. Values are byte strings: RouterOS has no notion of
// encoding, so nothing here assumes UTF-8.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hotspot::routeros {

using Sentence = std::vector<std::string>;

// Appends the length prefix of a word of `length` bytes (1 to 5 bytes).
void append_length(std::string& out, std::size_t length);
// Appends `word` with its length prefix.
void append_word(std::string& out, std::string_view word);
// The whole sentence, terminator included.
std::string encode_sentence(const Sentence& words);

struct DecoderLimits {
  std::size_t max_word_bytes = 1 << 20;       // a word longer than this is a protocol error
  std::size_t max_sentence_words = 100'000;   // a sentence that never ends is an error too
  std::size_t max_sentence_bytes = 16 << 20;
};

// Incremental decoder for a byte stream: feed what arrives, take sentences out as they
// complete. Empty sentences (a lone terminator) are skipped, as the router does.
// After an error the decoder stays failed: the stream cannot be resynchronised.
class SentenceDecoder {
 public:
  explicit SentenceDecoder(DecoderLimits limits = {});
  void feed(std::string_view bytes);
  // A complete sentence; std::nullopt while more bytes are needed; an error (invalid_argument)
  // on a control byte (0xF8 and up), an unassigned length byte (0xF1 to 0xF7), or a limit.
  Result<std::optional<Sentence>> next();
  // Bytes received but not yet returned in a sentence.
  std::size_t buffered() const;

 private:
  Error fail(Error error);
  void compact();

  DecoderLimits limits_;
  std::string buffer_;
  std::size_t offset_ = 0;           // first byte of buffer_ not yet decoded into a word
  // Words of the unfinished sentence, kept so that a sentence arriving in many pieces is
  // decoded once rather than rescanned on every call.
  Sentence words_;
  std::size_t words_bytes_ = 0;      // their encoded size, length prefixes included
  std::optional<Error> failed_;
};

// An attribute, API-attribute or query word split into name and value. Attribute words are
// split at their first two '=' only ("=name=iu=c3Eeg" -> name "name", value "iu=c3Eeg").
struct Attribute {
  std::string name;
  std::string value;
  bool operator==(const Attribute&) const = default;
};

enum class ReplyKind { re, done, trap, fatal, empty };
const char* reply_kind_name(ReplyKind kind);  // "!re", ...

struct Reply {
  ReplyKind kind = ReplyKind::done;
  std::optional<std::string> tag;   // from ".tag=X"
  std::vector<Attribute> attributes;  // "=name=value" words, in order
  std::string fatal_reason;          // the bare word after "!fatal"

  // The value of an attribute, if present.
  std::optional<std::string> get(std::string_view name) const;
  // For !trap: "=category=N" (nullopt when absent) and "=message=...".
  std::optional<int> trap_category() const;
  std::string trap_message() const;
};

// Errors (invalid_argument) for: an empty sentence, an unknown reply word (anything but the five
// kinds), a word in a reply that is neither "=a=v" nor ".tag=v" (except after !fatal).
Result<Reply> parse_reply(const Sentence& sentence);
Sentence encode_reply(const Reply& reply);  // for the simulator
// Appends encode_sentence(encode_reply(reply)) to `out` without building the words first: the
// simulator answers every command with one, so it skips the per-word strings.
void append_reply(std::string& out, const Reply& reply);

// A command as a client sends it.
struct Command {
  std::string path;                     // "/ip/hotspot/user/add"
  std::vector<Attribute> attributes;    // "=name=value" (".id" and ".proplist" travel here too)
  std::vector<std::string> queries;     // whole query words: "?name=x", "?-name", "?#|"
  std::optional<std::string> tag;       // ".tag=X"
};

// Validates what would go on the wire: a path of "/" and segments of [a-z0-9-] (plus the
// API's own "/login", "/cancel"), attribute names of [a-z0-9.-] (not empty), query words
// starting with '?', a tag without '='. Values are byte strings and may hold anything except
// that no word may exceed DecoderLimits::max_word_bytes.
Status validate_command(const Command& command);
Sentence encode_command(const Command& command);
// Appends encode_sentence(encode_command(command)) to `out`, likewise without the words.
void append_command(std::string& out, const Command& command);
// For the simulator: the first word is the path; errors name the offending word.
Result<Command> parse_command(const Sentence& sentence);
// The same, taking the words' buffers instead of copying them.
Result<Command> parse_command(Sentence&& sentence);

// A word as it may be shown in an error or a log line: at most 48 bytes, quoted, with bytes
// outside printable ASCII escaped as \xNN (words come from a peer and may hold anything).
std::string printable_word(std::string_view word);

}  // namespace hotspot::routeros
