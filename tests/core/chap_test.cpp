#include "core/chap.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot {
namespace {

// The example values from the RouterOS hotspot documentation.
constexpr char kDocChapId[] = "\\371";
constexpr char kDocChallenge[] =
    "\\357\\015\\330\\013\\021\\234\\145\\245\\303\\253\\142\\246\\133\\175\\375\\316";

TEST(DecodeChapEscapes, DocumentationExample) {
  auto id = decode_chap_escapes(kDocChapId);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, std::string("\371"));

  auto challenge = decode_chap_escapes(kDocChallenge);
  ASSERT_TRUE(challenge.ok()) << challenge.error().message;
  EXPECT_EQ(*challenge,
            std::string("\357\015\330\013\021\234\145\245\303\253\142\246\133\175\375\316", 16));
}

TEST(DecodeChapEscapes, PlainCharactersStandForThemselves) {
  EXPECT_EQ(*decode_chap_escapes(""), "");
  EXPECT_EQ(*decode_chap_escapes("abc"), "abc");
  EXPECT_EQ(*decode_chap_escapes("a\\101b"), "aAb");
  // Exactly three digits: a fourth is an ordinary character.
  EXPECT_EQ(*decode_chap_escapes("\\1012"), "A2");
  EXPECT_EQ(*decode_chap_escapes("\\000\\377"), std::string("\0\377", 2));
}

TEST(DecodeChapEscapes, BadEscapesAreRefused) {
  for (const char* bad : {"\\", "\\3", "\\37", "ab\\", "\\38a", "\\x41", "\\\\", "\\ 12", "\\400",
                          "\\777", "\\1\\2", "\\-12"}) {
    auto r = decode_chap_escapes(bad);
    ASSERT_FALSE(r.ok()) << bad << " gave " << r.value().size() << " bytes";
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << bad;
    EXPECT_EQ(r.error().message.rfind("chap: ", 0), 0u) << r.error().message;
  }
  EXPECT_NE(decode_chap_escapes("\\400").error().message.find("\\377"), std::string::npos);
}

TEST(DecodeChapEscapes, AtMost64Bytes) {
  std::string escaped;
  for (int i = 0; i < 64; ++i) escaped += "\\101";
  auto r = decode_chap_escapes(escaped);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 64u);

  EXPECT_FALSE(decode_chap_escapes(escaped + "A").ok());
  EXPECT_FALSE(decode_chap_escapes(escaped + "\\101").ok());
  EXPECT_TRUE(decode_chap_escapes(std::string(64, 'x')).ok());
  auto too_long = decode_chap_escapes(std::string(65, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message.rfind("chap: ", 0), 0u) << too_long.error().message;
}

TEST(ChapPassword, DocumentationVector) {
  auto id = decode_chap_escapes(kDocChapId);
  auto challenge = decode_chap_escapes(kDocChallenge);
  ASSERT_TRUE(id.ok() && challenge.ok());
  EXPECT_EQ(chap_password(*id, "secret", *challenge), "e5627b636f982d6233d0cf5931d404c2");
}

TEST(ChapPassword, OrderMattersAndHexIsLowerCase) {
  // MD5 of the empty string: nothing is added around the three parts.
  EXPECT_EQ(chap_password("", "", ""), "d41d8cd98f00b204e9800998ecf8427e");
  // MD5("abc"), however the bytes are split between the parts.
  EXPECT_EQ(chap_password("a", "b", "c"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(chap_password("", "abc", ""), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_NE(chap_password("c", "b", "a"), chap_password("a", "b", "c"));
  // Bytes past 0x7f and NULs are hashed as they are.
  EXPECT_NE(chap_password(std::string("\0", 1), "x", ""), chap_password("", "x", ""));
}

}  // namespace
}  // namespace hotspot
