// Where a request ends in the bytes received so far: the event loop hands a request to a worker
// only when this says it is complete, so every way a client can frame (or fail to frame) one is
// tried here byte by byte.

#include "portal/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::portal {
namespace {

using State = RequestFrame::State;

const FramingLimits kLimits{.max_head_bytes = 1024, .max_body_bytes = 64};

TEST(RequestFraming, AHeadWithoutItsBlankLineIsIncomplete) {
  for (const std::string partial :
       {"", "G", "GET / HTTP/1.1", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: p\r\n",
        "GET / HTTP/1.1\r\nHost: p\r\n\r"}) {
    const RequestFrame frame = frame_request(partial, kLimits);
    EXPECT_EQ(frame.state, State::incomplete) << partial;
  }
}

TEST(RequestFraming, AGetEndsAtItsBlankLineAndLeavesTheNextRequest) {
  const std::string first = "GET /status HTTP/1.1\r\nHost: portal\r\n\r\n";
  const RequestFrame frame = frame_request(first + "GET / HTTP/1.1\r\n", kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.start, 0u);
  EXPECT_EQ(frame.bytes, first.size());
  EXPECT_FALSE(frame.close_after);
}

TEST(RequestFraming, ABodyIsWaitedForByItsContentLength) {
  const std::string head =
      "POST /redeem HTTP/1.1\r\nHost: portal\r\ncontent-length:  9 \r\n\r\n";
  EXPECT_EQ(frame_request(head, kLimits).state, State::incomplete);
  EXPECT_EQ(frame_request(head + "code=AB", kLimits).state, State::incomplete);
  const RequestFrame frame = frame_request(head + "code=ABCDnext", kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.bytes, head.size() + 9);
  EXPECT_FALSE(frame.close_after);
}

TEST(RequestFraming, ABodyAnnouncedTooLargeIsNotWaitedFor) {
  const std::string head = "POST /redeem HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n";
  const RequestFrame frame = frame_request(head + "code=AB", kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.bytes, head.size());  // the server refuses it from the head alone
  EXPECT_TRUE(frame.close_after);

  const std::string huge = "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n";
  EXPECT_TRUE(frame_request(huge, kLimits).close_after);
}

TEST(RequestFraming, UnreadableOrConflictingLengthsAndChunkedBodiesEndTheConnection) {
  for (const std::string head :
       {"POST / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\ntransfer-encoding: chunked\r\n\r\n"}) {
    const RequestFrame frame = frame_request(head + "3\r\nabc\r\n0\r\n\r\n", kLimits);
    EXPECT_EQ(frame.state, State::complete) << head;
    EXPECT_EQ(frame.bytes, head.size()) << head;
    EXPECT_TRUE(frame.close_after) << head;
  }
  // The same length twice is one length.
  const std::string twice = "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n";
  const RequestFrame frame = frame_request(twice + "abc", kLimits);
  EXPECT_EQ(frame.bytes, twice.size() + 3);
  EXPECT_FALSE(frame.close_after);
}

TEST(RequestFraming, AHeadThatNeverEndsIsHandedOverAtTheLimit) {
  const std::string endless = "GET /?x=" + std::string(kLimits.max_head_bytes, 'a');
  const RequestFrame frame = frame_request(endless, kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.bytes, endless.size());
  EXPECT_TRUE(frame.close_after);
  EXPECT_EQ(frame_request(endless.substr(0, kLimits.max_head_bytes), kLimits).state,
            State::incomplete);
}

TEST(RequestFraming, BlankLinesBeforeARequestAreSkipped) {
  const std::string request = "GET / HTTP/1.1\r\n\r\n";
  const RequestFrame frame = frame_request("\r\n\n" + request, kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.start, 3u);
  EXPECT_EQ(frame.bytes, 3 + request.size());

  const RequestFrame only_blank = frame_request("\r\n\r\n\r\n", kLimits);
  EXPECT_EQ(only_blank.state, State::incomplete);
  EXPECT_EQ(only_blank.start, 6u);  // dropped, so a stream of blank lines fills nothing
}

TEST(RequestFraming, AClientWaitingForContinueIsToldSo) {
  const std::string head =
      "POST /redeem HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 9\r\n\r\n";
  const RequestFrame waiting = frame_request(head, kLimits);
  EXPECT_EQ(waiting.state, State::incomplete);
  EXPECT_TRUE(waiting.wants_continue);
  EXPECT_FALSE(frame_request(head + "code=ABCD", kLimits).wants_continue);
  EXPECT_EQ(frame_request(head + "code=ABCD", kLimits).state, State::complete);
}

TEST(RequestFraming, HeaderNamesAreMatchedWholeNotByPrefix) {
  const std::string head = "POST / HTTP/1.1\r\nX-Content-Length: 50\r\nContent-Lengthy: 9\r\n\r\n";
  const RequestFrame frame = frame_request(head, kLimits);
  EXPECT_EQ(frame.state, State::complete);
  EXPECT_EQ(frame.bytes, head.size());
  EXPECT_FALSE(frame.close_after);
}

}  // namespace
}  // namespace hotspot::portal
