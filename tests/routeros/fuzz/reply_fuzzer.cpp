// Fuzz target for what a router (or anything pretending to be one) sends: the sentence decoder,
// reply and command parsing, and the value parsers applied to every attribute.
//
// Input layout: byte 0 is the chunk size the stream is fed in (0: all at once), byte 1 bit 0
// selects small decoder limits so that the limit paths are reached, the rest is the stream.
// Besides "no crash, no sanitizer report", it checks properties that must hold for any input:
// the chunking does not change the result, decoded sentences survive a re-encoding, parsed
// replies and commands survive encode and parse again, a failed decoder stays failed.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "routeros/protocol.h"
#include "routeros/values.h"

namespace hotspot::routeros {
namespace {

void check(bool holds) {
  if (!holds) std::abort();
}

struct Outcome {
  std::vector<Sentence> sentences;
  std::optional<std::string> error;
};

Outcome decode(std::string_view stream, std::size_t chunk, DecoderLimits limits) {
  SentenceDecoder decoder(limits);
  Outcome out;
  if (chunk == 0) chunk = stream.size() + 1;
  for (std::size_t pos = 0; pos < stream.size() && !out.error; pos += chunk) {
    decoder.feed(stream.substr(pos, chunk));
    for (;;) {
      auto next = decoder.next();
      if (!next) {
        out.error = next.error().message;
        decoder.feed(stream);
        auto again = decoder.next();
        check(!again.ok() && again.error().message == *out.error);
        break;
      }
      if (!*next) break;
      check(!(*next)->empty());
      out.sentences.push_back(std::move(**next));
    }
  }
  return out;
}

void exercise_values(const Attribute& a) {
  (void)parse_duration_value(a.value);
  (void)parse_bool_value(a.value);
  (void)parse_gmt_offset(a.value);
  (void)parse_date_value(a.value);
  (void)parse_date_value(a.name, a.value);
  if (auto count = parse_count_value(a.value)) {
    check(parse_count_value(std::to_string(*count)).value() == *count);
  }
  if (auto id = parse_id_value(a.value)) check(parse_id_value(*id).value() == *id);
}

void exercise_reply(const Sentence& sentence) {
  auto reply = parse_reply(sentence);
  if (!reply) return;
  (void)reply->trap_category();
  (void)reply->trap_message();
  for (const auto& a : reply->attributes) exercise_values(a);
  auto again = parse_reply(encode_reply(*reply));
  check(again.ok() && again->kind == reply->kind && again->tag == reply->tag);
  // Several bare words after !fatal are joined into one reason, which may read differently.
  if (reply->kind != ReplyKind::fatal) check(again->attributes == reply->attributes);
}

void exercise_command(const Sentence& sentence) {
  auto command = parse_command(sentence);
  if (!command) return;
  check(validate_command(*command).ok());
  auto again = parse_command(encode_command(*command));
  check(again.ok() && again->path == command->path && again->tag == command->tag &&
        again->attributes == command->attributes && again->queries == command->queries);
}

void exercise_sentence(const Sentence& sentence) {
  Outcome round_trip = decode(encode_sentence(sentence), 0, DecoderLimits{});
  check(!round_trip.error && round_trip.sentences.size() == 1 &&
        round_trip.sentences[0] == sentence);
  exercise_reply(sentence);
  exercise_command(sentence);
}

}  // namespace
}  // namespace hotspot::routeros

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotspot::routeros;
  if (size < 2) return 0;
  const std::size_t chunk = data[0];
  DecoderLimits limits;
  if (data[1] & 1) {
    limits.max_word_bytes = 64;
    limits.max_sentence_words = 8;
    limits.max_sentence_bytes = 256;
  } else {
    limits.max_word_bytes = 1 << 16;  // keeps the fuzzer from waiting on megabyte words
  }
  std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  Outcome whole = decode(stream, 0, limits);
  Outcome pieces = decode(stream, chunk, limits);
  check(whole.sentences == pieces.sentences && whole.error == pieces.error);
  for (const auto& sentence : whole.sentences) exercise_sentence(sentence);
  return 0;
}
