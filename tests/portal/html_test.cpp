#include "portal/html.h"

#include <gtest/gtest.h>

namespace hotspot::portal {
namespace {

TEST(HtmlEscape, ReplacesEveryCharacterThatCanEndTextOrAnAttribute) {
  EXPECT_EQ(html_escape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
}

TEST(HtmlEscape, KeepsUtf8TextAndReplacesBrokenBytesAndControls) {
  EXPECT_EQ(html_escape("Karibu Café"), "Karibu Café");
  EXPECT_EQ(html_escape("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(html_escape("a\x01" "b\r"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(html_escape("line\nnext\ttab"), "line\nnext\ttab");
}

TEST(UrlEncode, LeavesOnlyUnreservedCharacters) {
  EXPECT_EQ(url_encode("AA:BB"), "AA%3ABB");
  EXPECT_EQ(url_encode("http://x/?a=1&b=2"), "http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2");
  EXPECT_EQ(url_encode("\\371 z~._-"), "%5C371%20z~._-");
}

}  // namespace
}  // namespace hotspot::portal
