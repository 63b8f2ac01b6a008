#include "routeros/protocol.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspot::routeros {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string length_prefix(std::size_t length) {
  std::string out;
  append_length(out, length);
  return out;
}

// The reference's length table (routeros.md §1.2), every row.
struct LengthRow {
  std::size_t length;
  std::string encoded;
};
const std::vector<LengthRow>& length_table() {
  static const std::vector<LengthRow> rows = {
      {0, bytes({0x00})},
      {5, bytes({0x05})},
      {0x7F, bytes({0x7F})},
      {0x80, bytes({0x80, 0x80})},
      {200, bytes({0x80, 0xC8})},
      {0x3FFF, bytes({0xBF, 0xFF})},
      {0x4000, bytes({0xC0, 0x40, 0x00})},
      {0x1FFFFF, bytes({0xDF, 0xFF, 0xFF})},
      {0x200000, bytes({0xE0, 0x20, 0x00, 0x00})},
      {0xFFFFFFF, bytes({0xEF, 0xFF, 0xFF, 0xFF})},
      {0x10000000, bytes({0xF0, 0x10, 0x00, 0x00, 0x00})},
  };
  return rows;
}

// Everything a decoder yields for `stream` fed in the given pieces; stops at the first error.
struct Decoded {
  std::vector<Sentence> sentences;
  std::optional<Error> error;
};
Decoded decode_pieces(const std::vector<std::string>& pieces, DecoderLimits limits = {}) {
  SentenceDecoder decoder(limits);
  Decoded out;
  for (const auto& piece : pieces) {
    decoder.feed(piece);
    for (;;) {
      auto next = decoder.next();
      if (!next) {
        out.error = next.error();
        return out;
      }
      if (!*next) break;
      out.sentences.push_back(std::move(**next));
    }
  }
  return out;
}
Decoded decode_all(const std::string& stream, DecoderLimits limits = {}) {
  return decode_pieces({stream}, limits);
}

bool mentions(const Error& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

// ---- word lengths --------------------------------------------------------------------------

TEST(WordLength, EncodesEveryRowOfTheTable) {
  for (const auto& row : length_table()) {
    EXPECT_EQ(length_prefix(row.length), row.encoded) << "length " << row.length;
  }
}

TEST(WordLength, EncodesTheLargestFourByteLengthsInFiveBytes) {
  EXPECT_EQ(length_prefix(0xFFFFFFFF), bytes({0xF0, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_THROW(length_prefix(std::size_t{0x100000000}), std::length_error);
}

TEST(WordLength, DecodesEveryRowOfTheTable) {
  // A word limit of 0 makes the decoder report each length it read, however large, without
  // the test holding 256 MiB words in memory.
  DecoderLimits report_lengths;
  report_lengths.max_word_bytes = 0;
  for (const auto& row : length_table()) {
    if (row.length == 0) continue;  // the terminator, below
    auto decoded = decode_all(row.encoded, report_lengths);
    ASSERT_TRUE(decoded.error) << row.length;
    EXPECT_TRUE(mentions(*decoded.error, "a word of " + std::to_string(row.length) + " bytes"))
        << decoded.error->message;
  }
}

TEST(WordLength, DecodesWholeWordsUpToThreeMegabytes) {
  DecoderLimits roomy;
  roomy.max_word_bytes = 0x200000;
  for (const auto& row : length_table()) {
    if (row.length == 0 || row.length > 0x200000) continue;
    std::string word(row.length, 'x');
    word.front() = '=';
    auto decoded = decode_all(row.encoded + word + bytes({0x00}), roomy);
    ASSERT_FALSE(decoded.error) << decoded.error->message;
    ASSERT_EQ(decoded.sentences.size(), 1u) << row.length;
    EXPECT_EQ(decoded.sentences[0], Sentence{word});
  }
}

TEST(WordLength, LargeLengthsWaitForTheirBytes) {
  DecoderLimits huge;
  huge.max_word_bytes = 0xFFFFFFFF;
  huge.max_sentence_bytes = std::size_t{1} << 33;
  for (const auto& row : length_table()) {
    if (row.length < 0x200000) continue;
    SentenceDecoder decoder(huge);
    decoder.feed(row.encoded + "abc");
    auto next = decoder.next();
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_FALSE(*next);
    EXPECT_EQ(decoder.buffered(), row.encoded.size() + 3);
  }
}

TEST(WordLength, AcceptsTheFiveByteFormForShortWords) {
  // Writers never need it, but readers must accept it (§1.2).
  auto decoded = decode_all(bytes({0xF0, 0x00, 0x00, 0x00, 0x05}) + "!done" + bytes({0x00}));
  ASSERT_FALSE(decoded.error);
  ASSERT_EQ(decoded.sentences.size(), 1u);
  EXPECT_EQ(decoded.sentences[0], Sentence{"!done"});
}

TEST(WordLength, RejectsControlBytes) {
  for (int b = 0xF8; b <= 0xFF; ++b) {
    auto decoded = decode_all(bytes({b}));
    ASSERT_TRUE(decoded.error) << b;
    EXPECT_EQ(decoded.error->code, Errc::invalid_argument);
    EXPECT_TRUE(mentions(*decoded.error, "reserved control byte")) << decoded.error->message;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", b);
    EXPECT_TRUE(mentions(*decoded.error, hex)) << decoded.error->message;
  }
}

TEST(WordLength, RejectsUnassignedLengthBytes) {
  for (int b = 0xF1; b <= 0xF7; ++b) {
    // Mid-sentence, after a complete word, and with the bytes the form would announce.
    auto decoded = decode_all(bytes({0x03}) + "!re" + bytes({b, 0x00, 0x00, 0x00, 0x01, 'x'}));
    ASSERT_TRUE(decoded.error) << b;
    EXPECT_TRUE(mentions(*decoded.error, "no assigned word length form")) << decoded.error->message;
  }
}

// ---- sentences -----------------------------------------------------------------------------

TEST(Sentence, EncodesTheLoginExample) {
  const std::string expected =
      bytes({0x06, 0x2F, 0x6C, 0x6F, 0x67, 0x69, 0x6E}) +
      bytes({0x0B, 0x3D, 0x6E, 0x61, 0x6D, 0x65, 0x3D, 0x61, 0x64, 0x6D, 0x69, 0x6E}) +
      bytes({0x0A, 0x3D, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6F, 0x72, 0x64, 0x3D}) + bytes({0x00});
  const Sentence login{"/login", "=name=admin", "=password="};
  EXPECT_EQ(encode_sentence(login), expected);
  Command command{"/login", {{"name", "admin"}, {"password", ""}}, {}, std::nullopt};
  EXPECT_EQ(encode_sentence(encode_command(command)), expected);

  auto decoded = decode_all(expected);
  ASSERT_FALSE(decoded.error);
  ASSERT_EQ(decoded.sentences.size(), 1u);
  EXPECT_EQ(decoded.sentences[0], login);
}

TEST(Sentence, EncodesABareLogin) {
  EXPECT_EQ(encode_sentence({"/login"}), bytes({0x06, 0x2F, 0x6C, 0x6F, 0x67, 0x69, 0x6E, 0x00}));
  EXPECT_EQ(encode_sentence({}), bytes({0x00}));
}

// Sentences that exercise the 1-, 2- and 3-byte prefixes, empty values and empty sentences.
// `long_word` sets the size of the one word past 0x3FFF bytes; the test that cuts the stream
// at every boundary keeps it small enough to stay quick.
std::vector<Sentence> sample_sentences(std::size_t long_word = 0x4100) {
  return {
      {"!re", "=.id=*1", "=name=" + std::string(300, 'a'), "=comment="},
      {"!re", "=.id=*2", "=comment=" + std::string(long_word, 'c')},
      {"!empty", ".tag=7"},
      {"!done", ".tag=7"},
      {"!trap", "=category=1", "=message=input does not match any value of interface"},
      {"!done", "=ret=*3"},
  };
}
std::string sample_stream(std::size_t long_word = 0x4100) {
  std::string stream = bytes({0x00});  // an empty sentence first: ignored
  for (const auto& s : sample_sentences(long_word)) stream += encode_sentence(s) + bytes({0x00});
  return stream;
}

TEST(Sentence, DecodesAStreamInOnePiece) {
  auto decoded = decode_all(sample_stream());
  ASSERT_FALSE(decoded.error) << decoded.error->message;
  EXPECT_EQ(decoded.sentences, sample_sentences());
}

TEST(Sentence, DecodesAStreamFedOneByteAtATime) {
  std::vector<std::string> pieces;
  for (char c : sample_stream()) pieces.emplace_back(1, c);
  auto decoded = decode_pieces(pieces);
  ASSERT_FALSE(decoded.error) << decoded.error->message;
  EXPECT_EQ(decoded.sentences, sample_sentences());
}

TEST(Sentence, DecodesAStreamSplitAtEveryByteBoundary) {
  const std::string stream = sample_stream(500);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    auto decoded = decode_pieces({stream.substr(0, cut), stream.substr(cut)});
    ASSERT_FALSE(decoded.error) << cut;
    ASSERT_EQ(decoded.sentences, sample_sentences(500)) << "split at " << cut;
  }
}

TEST(Sentence, DecodesEveryPrefixFormSplitInsideIt) {
  for (std::size_t length : {5, 0x80, 0x4000, 0x200000}) {
    DecoderLimits roomy;
    roomy.max_word_bytes = length;
    const std::string stream = encode_sentence({std::string(length, 'w')});
    const std::string five_byte_form =
        bytes({0xF0, 0, 0, 0, 5}) + "hello" + bytes({0x00});  // a second sentence after it
    for (std::size_t cut = 0; cut <= std::min<std::size_t>(8, stream.size()); ++cut) {
      auto decoded =
          decode_pieces({stream.substr(0, cut), stream.substr(cut) + five_byte_form.substr(0, cut),
                         five_byte_form.substr(cut)},
                        roomy);
      ASSERT_FALSE(decoded.error) << length << " cut at " << cut;
      ASSERT_EQ(decoded.sentences.size(), 2u) << length << " cut at " << cut;
      EXPECT_EQ(decoded.sentences[0][0].size(), length);
      EXPECT_EQ(decoded.sentences[1], Sentence{"hello"});
    }
  }
}

TEST(Sentence, DecodesAStreamInRandomChunks) {
  const std::string stream = sample_stream();
  std::mt19937 rng(20240601);
  for (int round = 0; round < 200; ++round) {
    std::uniform_int_distribution<std::size_t> chunk(1, round < 100 ? 8 : 4096);
    std::vector<std::string> pieces;
    for (std::size_t pos = 0; pos < stream.size();) {
      std::size_t n = std::min(chunk(rng), stream.size() - pos);
      pieces.push_back(stream.substr(pos, n));
      pos += n;
    }
    auto decoded = decode_pieces(pieces);
    ASSERT_FALSE(decoded.error) << "round " << round;
    ASSERT_EQ(decoded.sentences, sample_sentences()) << "round " << round;
  }
}

TEST(Sentence, BufferedCountsBytesNotYetReturned) {
  SentenceDecoder decoder;
  EXPECT_EQ(decoder.buffered(), 0u);
  const std::string done = encode_sentence({"!done", "=ret=*3"});
  decoder.feed(done.substr(0, 8));
  auto first = decoder.next();
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(*first);
  EXPECT_EQ(decoder.buffered(), 8u);
  decoder.feed(done.substr(8));
  auto second = decoder.next();
  ASSERT_TRUE(second.ok() && *second);
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(Sentence, SkipsEmptySentences) {
  auto decoded = decode_all(bytes({0x00, 0x00}) + encode_sentence({"!done"}) + bytes({0x00}));
  ASSERT_FALSE(decoded.error);
  EXPECT_EQ(decoded.sentences, std::vector<Sentence>{{"!done"}});
}

TEST(Sentence, RejectsAnOverLongWord) {
  DecoderLimits limits;
  limits.max_word_bytes = 10;
  EXPECT_FALSE(decode_all(encode_sentence({std::string(10, 'w')}), limits).error);
  auto decoded = decode_all(encode_sentence({std::string(11, 'w')}), limits);
  ASSERT_TRUE(decoded.error);
  EXPECT_EQ(decoded.error->message,
            "RouterOS API stream: a word of 11 bytes exceeds the limit of 10 bytes; "
            "the connection cannot continue");
}

TEST(Sentence, RejectsAnOverLongWordBeforeItsBytesArrive) {
  SentenceDecoder decoder;  // default limit: 1 MiB
  decoder.feed(length_prefix(std::size_t{1} << 21));
  auto next = decoder.next();
  ASSERT_FALSE(next.ok());
  EXPECT_TRUE(mentions(next.error(), "a word of 2097152 bytes")) << next.error().message;
}

TEST(Sentence, RejectsTooManyWords) {
  DecoderLimits limits;
  limits.max_sentence_words = 3;
  EXPECT_FALSE(decode_all(encode_sentence({"!re", "=a=1", "=b=2"}), limits).error);
  auto decoded = decode_all(encode_sentence({"!re", "=a=1", "=b=2", "=c=3"}), limits);
  ASSERT_TRUE(decoded.error);
  EXPECT_TRUE(mentions(*decoded.error, "a sentence has more than 3 words"))
      << decoded.error->message;
}

TEST(Sentence, RejectsAnOverLongSentence) {
  DecoderLimits limits;
  limits.max_sentence_bytes = 20;
  // Each word costs its prefix and its bytes: 4 + 9 = 13 fits, 9 more do not.
  EXPECT_FALSE(decode_all(encode_sentence({"!re", "=a=12345"}), limits).error);
  auto decoded = decode_all(encode_sentence({"!re", "=a=12345", "=b=12345"}), limits);
  ASSERT_TRUE(decoded.error);
  EXPECT_TRUE(mentions(*decoded.error, "a sentence exceeds the limit of 20 bytes"))
      << decoded.error->message;
}

TEST(Sentence, StaysFailedAfterAnError) {
  SentenceDecoder decoder;
  decoder.feed(encode_sentence({"!done"}) + bytes({0xFF}) + encode_sentence({"!done"}));
  auto first = decoder.next();
  ASSERT_TRUE(first.ok() && *first);  // the sentence before the bad byte is still delivered
  auto failed = decoder.next();
  ASSERT_FALSE(failed.ok());
  decoder.feed(encode_sentence({"!done"}));
  for (int i = 0; i < 3; ++i) {
    auto again = decoder.next();
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().message, failed.error().message);
  }
}

// ---- replies -------------------------------------------------------------------------------

Reply parsed(const Sentence& sentence) {
  auto reply = parse_reply(sentence);
  EXPECT_TRUE(reply.ok()) << reply.error().message;
  return reply.ok() ? *reply : Reply{};
}

TEST(Reply, ParsesEveryKind) {
  const std::pair<const char*, ReplyKind> kinds[] = {{"!re", ReplyKind::re},
                                                     {"!done", ReplyKind::done},
                                                     {"!trap", ReplyKind::trap},
                                                     {"!fatal", ReplyKind::fatal},
                                                     {"!empty", ReplyKind::empty}};
  for (const auto& [word, kind] : kinds) {
    Reply reply = parsed({word});
    EXPECT_EQ(reply.kind, kind) << word;
    EXPECT_STREQ(reply_kind_name(kind), word);
    EXPECT_FALSE(reply.tag);
    EXPECT_TRUE(reply.attributes.empty());
  }
}

TEST(Reply, ParsesARecord) {
  Reply reply = parsed({"!re", "=.id=*1F", "=name=iu=c3Eeg", "=comment=", "=uptime=1h"});
  EXPECT_EQ(reply.kind, ReplyKind::re);
  const std::vector<Attribute> expected = {
      {".id", "*1F"}, {"name", "iu=c3Eeg"}, {"comment", ""}, {"uptime", "1h"}};
  EXPECT_EQ(reply.attributes, expected);
  EXPECT_EQ(reply.get("name"), "iu=c3Eeg");
  EXPECT_EQ(reply.get("comment"), "");
  EXPECT_FALSE(reply.get("password"));
}

TEST(Reply, ParsesDoneWithRet) {
  Reply reply = parsed({"!done", "=ret=*3"});
  EXPECT_EQ(reply.kind, ReplyKind::done);
  EXPECT_EQ(reply.get("ret"), "*3");
}

TEST(Reply, ParsesTags) {
  EXPECT_EQ(parsed({"!re", ".tag=7", "=name=a"}).tag, "7");
  EXPECT_EQ(parsed({"!re", "=name=a", ".tag=abc"}).tag, "abc");  // anywhere in the sentence
  EXPECT_EQ(parsed({"!done", ".tag="}).tag, "");
  auto twice = parse_reply({"!done", ".tag=1", ".tag=2"});
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(mentions(twice.error(), "two .tag words")) << twice.error().message;
}

TEST(Reply, ParsesTrapWithCategory) {
  Reply reply =
      parsed({"!trap", "=category=1", "=message=input does not match any value of interface"});
  EXPECT_EQ(reply.kind, ReplyKind::trap);
  EXPECT_EQ(reply.trap_category(), 1);
  EXPECT_EQ(reply.trap_message(), "input does not match any value of interface");
}

TEST(Reply, ParsesTrapWithoutCategory) {
  Reply reply = parsed({"!trap", "=message=invalid user name or password (6)"});
  EXPECT_FALSE(reply.trap_category());
  EXPECT_EQ(reply.trap_message(), "invalid user name or password (6)");
  EXPECT_FALSE(parsed({"!trap", "=category=x"}).trap_category());
  EXPECT_EQ(parsed({"!trap"}).trap_message(), "");
}

TEST(Reply, ParsesTheOfficialCancelSequence) {
  std::string stream = encode_sentence({"!trap", ".tag=2", "=category=2", "=message=interrupted"}) +
                       encode_sentence({"!done", ".tag=7"}) + encode_sentence({"!done", ".tag=2"});
  auto decoded = decode_all(stream);
  ASSERT_EQ(decoded.sentences.size(), 3u);
  Reply trap = parsed(decoded.sentences[0]);
  EXPECT_EQ(trap.tag, "2");
  EXPECT_EQ(trap.trap_category(), 2);
  EXPECT_EQ(trap.trap_message(), "interrupted");
  EXPECT_EQ(parsed(decoded.sentences[1]).tag, "7");
  EXPECT_EQ(parsed(decoded.sentences[2]).kind, ReplyKind::done);
}

TEST(Reply, ParsesEmptyThenDone) {
  // RouterOS 7.18+: a print that matches nothing answers !empty, then still !done.
  auto decoded =
      decode_all(encode_sentence({"!empty", ".tag=4"}) + encode_sentence({"!done", ".tag=4"}));
  ASSERT_EQ(decoded.sentences.size(), 2u);
  Reply empty = parsed(decoded.sentences[0]);
  Reply done = parsed(decoded.sentences[1]);
  EXPECT_EQ(empty.kind, ReplyKind::empty);
  EXPECT_EQ(empty.tag, "4");
  EXPECT_EQ(done.kind, ReplyKind::done);
  EXPECT_EQ(done.tag, "4");
}

TEST(Reply, ParsesFatalWithItsBareReason) {
  Reply reply = parsed({"!fatal", "session terminated on request"});
  EXPECT_EQ(reply.kind, ReplyKind::fatal);
  EXPECT_EQ(reply.fatal_reason, "session terminated on request");
  EXPECT_TRUE(reply.attributes.empty());
  EXPECT_EQ(parsed({"!fatal"}).fatal_reason, "");
  EXPECT_EQ(parsed({"!fatal", "not logged in", ".tag=3"}).tag, "3");
}

TEST(Reply, RejectsUnknownReplyWords) {
  for (const char* word : {"!foo", "!RE", "!", "re", "=name=x", ""}) {
    auto reply = parse_reply({word, "=a=b"});
    ASSERT_FALSE(reply.ok()) << word;
    EXPECT_EQ(reply.error().code, Errc::invalid_argument);
    EXPECT_TRUE(mentions(reply.error(), "unknown reply word")) << reply.error().message;
  }
  auto garbage = parse_reply({bytes({'!', 0x01, '\n'})});
  ASSERT_FALSE(garbage.ok());
  EXPECT_TRUE(mentions(garbage.error(), "\"!\\x01\\x0A\"")) << garbage.error().message;
}

TEST(Reply, RejectsAnEmptySentence) {
  auto reply = parse_reply({});
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(mentions(reply.error(), "empty sentence"));
}

TEST(Reply, RejectsWordsThatAreNeitherAttributesNorTags) {
  for (const char* word : {"name=x", "=name", "==x", ".id=*1", "?name=x", "=", "session"}) {
    auto reply = parse_reply({"!re", word});
    ASSERT_FALSE(reply.ok()) << word;
    EXPECT_TRUE(mentions(reply.error(), "neither =name=value nor .tag=")) << reply.error().message;
  }
}

TEST(Reply, EncodesEveryKindSoThatItParsesBack) {
  std::vector<Reply> replies(5);
  replies[0] =
      Reply{ReplyKind::re, "9", {{".id", "*1"}, {"name", "iu=c3Eeg"}, {"comment", ""}}, ""};
  replies[1] = Reply{ReplyKind::done, std::nullopt, {{"ret", "*3"}}, ""};
  replies[2] = Reply{ReplyKind::trap, "2", {{"category", "2"}, {"message", "interrupted"}}, ""};
  replies[3] = Reply{ReplyKind::fatal, std::nullopt, {}, "session terminated on request"};
  replies[4] = Reply{ReplyKind::empty, "4", {}, ""};
  for (const auto& reply : replies) {
    Reply back = parsed(encode_reply(reply));
    EXPECT_EQ(back.kind, reply.kind);
    EXPECT_EQ(back.tag, reply.tag);
    EXPECT_EQ(back.attributes, reply.attributes);
    EXPECT_EQ(back.fatal_reason, reply.fatal_reason);
  }
  EXPECT_EQ(encode_reply(replies[3]), (Sentence{"!fatal", "session terminated on request"}));
  EXPECT_EQ(encode_reply(replies[1]), (Sentence{"!done", "=ret=*3"}));
}

TEST(Reply, AppendsTheBytesItsWordsEncodeTo) {
  const std::vector<Reply> replies = {
      Reply{ReplyKind::re, "9", {{".id", "*1"}, {"comment", std::string(200, 'c')}}, ""},
      Reply{ReplyKind::done, std::nullopt, {{"ret", "*3"}}, ""},
      Reply{ReplyKind::trap, "2", {{"category", "2"}, {"message", "interrupted"}}, ""},
      Reply{ReplyKind::fatal, std::nullopt, {}, "session terminated on request"},
      Reply{ReplyKind::empty, "4", {}, ""}};
  std::string all;
  std::string expected;
  for (const Reply& reply : replies) {
    std::string one;
    append_reply(one, reply);
    EXPECT_EQ(one, encode_sentence(encode_reply(reply)));
    append_reply(all, reply);
    expected += encode_sentence(encode_reply(reply));
  }
  EXPECT_EQ(all, expected);  // appends, never replaces
}

// ---- commands ------------------------------------------------------------------------------

Command user_add() {
  return Command{"/ip/hotspot/user/add",
                 {{"name", "kx7p2"}, {"password", "a=b;c\"d\n"}, {"comment", "hotspot-edge"}},
                 {},
                 "12"};
}

TEST(Command, EncodesPathAttributesQueriesAndTag) {
  Command print{"/ip/hotspot/user/print",
                {{".proplist", ".id,name"}},
                {"?name=kx7p2", "?-disabled", "?#|"},
                "5"};
  ASSERT_TRUE(validate_command(print).ok());
  EXPECT_EQ(encode_command(print), (Sentence{"/ip/hotspot/user/print", "=.proplist=.id,name",
                                             "?name=kx7p2", "?-disabled", "?#|", ".tag=5"}));
}

TEST(Command, AppendsTheBytesItsWordsEncodeTo) {
  Command print{"/ip/hotspot/user/print",
                {{".proplist", ".id,name"}, {"comment", std::string(300, 'x')}},
                {"?name=kx7p2", "?-disabled", "?#|"},
                "5"};
  std::string out = "before";
  append_command(out, print);
  EXPECT_EQ(out, "before" + encode_sentence(encode_command(print)));
  print.tag.reset();
  out.clear();
  append_command(out, print);
  EXPECT_EQ(out, encode_sentence(encode_command(print)));
}

TEST(Command, AcceptsValuesHoldingAnyBytes) {
  EXPECT_TRUE(validate_command(user_add()).ok());
  Command binary{"/system/script/add", {{"source", bytes({0x00, 0x0A, 0xFF, '='})}}, {}, {}};
  EXPECT_TRUE(validate_command(binary).ok());
  EXPECT_TRUE(validate_command(Command{"/login", {}, {}, {}}).ok());
  EXPECT_TRUE(validate_command(Command{"/cancel", {{"tag", "12"}}, {}, "13"}).ok());
}

TEST(Command, RejectsBadPaths) {
  const std::string bad_paths[] = {"",
                                   "/",
                                   "ip/hotspot",
                                   "/ip//hotspot",
                                   "/ip/",
                                   "/IP/address",
                                   "/ip/hot spot",
                                   "/ip/hotspot\n/user",
                                   bytes({'/', 'i', 'p', 0x00, 'x'}),
                                   "/ip;/system/reboot",
                                   "/ip/hotspot/user/add=x",
                                   "/ip/hot.spot",  // '.' only in attribute names
                                   bytes({'/', 'i', 0xE9})};
  for (const auto& path : bad_paths) {
    Command command{path, {}, {}, {}};
    auto status = validate_command(command);
    ASSERT_FALSE(status.ok()) << printable_word(path);
    EXPECT_TRUE(mentions(status.error(), "the path")) << status.error().message;
  }
}

TEST(Command, RejectsBadAttributeNames) {
  const std::string bad_names[] = {"",      "Name",  "na me", "name\n", "na=me", bytes({'n', 0x00}),
                                   "name;", "na\"me", bytes({'n', 0xC3, 0xA9})};
  for (const auto& name : bad_names) {
    Command command = user_add();
    command.attributes.push_back({name, "x"});
    auto status = validate_command(command);
    ASSERT_FALSE(status.ok()) << printable_word(name);
    EXPECT_TRUE(mentions(status.error(), "the attribute name")) << status.error().message;
  }
}

TEST(Command, RejectsQueriesNotStartingWithAQuestionMark) {
  for (const char* query : {"name=x", "", "?", "=name=x", " ?name=x"}) {
    Command command{"/ip/hotspot/user/print", {}, {query}, {}};
    auto status = validate_command(command);
    ASSERT_FALSE(status.ok()) << query;
    EXPECT_TRUE(mentions(status.error(), "must start with '?'")) << status.error().message;
  }
}

TEST(Command, RejectsBadTags) {
  const std::string bad_tags[] = {"", "a=b", "a b", "1\n", std::string(1, '\0')};
  for (const auto& tag : bad_tags) {
    Command command = user_add();
    command.tag = tag;
    auto status = validate_command(command);
    ASSERT_FALSE(status.ok()) << printable_word(tag);
    EXPECT_TRUE(mentions(status.error(), "the tag")) << status.error().message;
  }
}

TEST(Command, RejectsWordsPastTheWordLimit) {
  const std::size_t limit = DecoderLimits{}.max_word_bytes;
  Command command{"/system/script/add", {{"source", std::string(limit - 8, 's')}}, {}, {}};
  EXPECT_TRUE(validate_command(command).ok());  // "=source=" + value is exactly the limit
  command.attributes[0].value.push_back('s');
  auto status = validate_command(command);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(mentions(status.error(), "over the limit")) << status.error().message;
  Command query{"/log/print", {}, {"?message=" + std::string(limit, 'q')}, {}};
  EXPECT_FALSE(validate_command(query).ok());
}

TEST(Command, ParsesWhatItEncodes) {
  Command original = user_add();
  original.queries = {"?name=x"};
  auto back = parse_command(encode_command(original));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->path, original.path);
  EXPECT_EQ(back->attributes, original.attributes);
  EXPECT_EQ(back->queries, original.queries);
  EXPECT_EQ(back->tag, original.tag);
}

TEST(Command, ParseSplitsAttributesAtTheirFirstTwoEqualsWhetherItOwnsTheWordsOrNot) {
  const std::string long_value(100, 'v');
  const Sentence words{"/ip/hotspot/user/add", "=password=a=b=c", "=comment=", "=name=" + long_value,
                       "?name=x", ".tag=7"};
  const Sentence kept = words;
  auto copied = parse_command(words);
  auto moved = parse_command(Sentence(words));
  ASSERT_TRUE(copied.ok()) << copied.error().message;
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(words, kept);  // the const overload leaves the words alone
  const std::vector<Attribute> expected{{"password", "a=b=c"}, {"comment", ""}, {"name", long_value}};
  EXPECT_EQ(copied->attributes, expected);
  EXPECT_EQ(moved->attributes, expected);
  EXPECT_EQ(moved->queries, (std::vector<std::string>{"?name=x"}));
  EXPECT_EQ(moved->tag, "7");
  for (const char* bad : {"==x", "=", "=novalue", "x=y"}) {
    auto refused = parse_command(Sentence{"/ip/hotspot/user/add", bad});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_TRUE(mentions(refused.error(), printable_word(bad))) << refused.error().message;
  }
}

TEST(Command, ParseTreatsAnEmptyTagAsNone) {
  auto command = parse_command({"/login", ".tag="});
  ASSERT_TRUE(command.ok()) << command.error().message;
  EXPECT_FALSE(command->tag);
}

TEST(Command, ParseNamesTheOffendingWord) {
  auto bad_word = parse_command({"/ip/hotspot/user/print", "=name=a", "name=b"});
  ASSERT_FALSE(bad_word.ok());
  EXPECT_TRUE(mentions(bad_word.error(), "\"name=b\"")) << bad_word.error().message;
  auto bad_path = parse_command({"!re", "=name=a"});
  ASSERT_FALSE(bad_path.ok());
  EXPECT_TRUE(mentions(bad_path.error(), "\"!re\"")) << bad_path.error().message;
  EXPECT_FALSE(parse_command({}).ok());
  EXPECT_FALSE(parse_command({"/login", ".tag=1", ".tag=2"}).ok());
}

TEST(PrintableWord, EscapesAndTruncates) {
  EXPECT_EQ(printable_word("abc"), "\"abc\"");
  EXPECT_EQ(printable_word(bytes({'a', 0x00, '\n', 0xFF, '"', '\\'})),
            "\"a\\x00\\x0A\\xFF\\x22\\x5C\"");
  EXPECT_EQ(printable_word(std::string(50, 'x')), "\"" + std::string(48, 'x') + "\"... (50 bytes)");
}

}  // namespace
}  // namespace hotspot::routeros
