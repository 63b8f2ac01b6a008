// The pure part of a command: gathering its replies, and the errors it ends with.
#include <gtest/gtest.h>

#include "routeros/client/response.h"

namespace hotspot::routeros {
namespace {

Reply reply(ReplyKind kind, std::vector<Attribute> attributes = {}) {
  return Reply{kind, "1", std::move(attributes), {}};
}

TEST(ReplyCollector, RowsThenDone) {
  ReplyCollector collector("/ip/hotspot/user/print", 10, false);
  EXPECT_EQ(collector.add(reply(ReplyKind::re, {{"name", "a"}})), ReplyCollector::Progress::more);
  EXPECT_EQ(collector.add(reply(ReplyKind::empty)), ReplyCollector::Progress::more);
  EXPECT_EQ(collector.add(reply(ReplyKind::done, {{"ret", "*1"}})),
            ReplyCollector::Progress::complete);
  auto result = collector.finish();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows, (std::vector<Row>{{{"name", "a"}}}));
  EXPECT_EQ(result->ret(), "*1");
}

TEST(ReplyCollector, OverflowPastMaxRows) {
  ReplyCollector collector("/x/print", 1, false);
  EXPECT_EQ(collector.add(reply(ReplyKind::re)), ReplyCollector::Progress::more);
  EXPECT_EQ(collector.add(reply(ReplyKind::re)), ReplyCollector::Progress::overflow);
}

TEST(ReplyCollector, StreamingHandsRowsOut) {
  ReplyCollector collector("/x/listen", 0, true);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(collector.add(reply(ReplyKind::re, {{"n", std::to_string(i)}})),
              ReplyCollector::Progress::row);
    EXPECT_EQ(collector.take_row(), (Row{{"n", std::to_string(i)}}));
  }
}

TEST(ReplyCollector, InterruptedIsCancelledOnlyWhenWeAskedForIt) {
  const Reply interrupted = reply(ReplyKind::trap, {{"category", "2"}, {"message", "interrupted"}});
  {
    ReplyCollector collector("/tool/fetch", 10, false);
    collector.cancel_requested();
    collector.add(interrupted);
    collector.add(reply(ReplyKind::done));
    auto result = collector.finish();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, RouterErrc::cancelled);
  }
  {
    ReplyCollector collector("/x/listen", 0, true);
    collector.cancel_requested();
    collector.add(interrupted);
    collector.add(reply(ReplyKind::done));
    EXPECT_TRUE(collector.finish().ok()) << "a cancelled listen ended as asked";
  }
  {
    ReplyCollector collector("/tool/fetch", 10, false);
    collector.add(interrupted);
    collector.add(reply(ReplyKind::done));
    auto result = collector.finish();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, RouterErrc::trap) << "someone else interrupted it";
  }
}

TEST(RouterError, TrapMessagesAreOneSentence) {
  EXPECT_EQ(trap_error("/a/add", {Trap{1, "bad value"}}).message,
            "The router refused /a/add: bad value.");
  EXPECT_EQ(trap_error("/a/add", {Trap{std::nullopt, ""}}).message,
            "The router refused /a/add: no reason given.");
  EXPECT_EQ(trap_error("/a/add", {Trap{1, "one"}, Trap{4, "two"}}).message,
            "The router refused /a/add: one; two.");
}

TEST(RouterError, MapsOntoTheCoreErrors) {
  struct Case {
    RouterErrc code;
    Errc core;
  };
  const Case cases[] = {
      {RouterErrc::refused, Errc::unavailable},
      {RouterErrc::timeout, Errc::unavailable},
      {RouterErrc::closed, Errc::unavailable},
      {RouterErrc::bad_credentials, Errc::permission},
      {RouterErrc::trap, Errc::conflict},
      {RouterErrc::protocol, Errc::corrupt},
      {RouterErrc::invalid_command, Errc::invalid_argument},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(to_errc(c.code), c.core) << router_errc_name(c.code);
    const RouterError error = router_error(c.code, "Sentence.");
    EXPECT_EQ(error.to_error().code, c.core);
    EXPECT_EQ(error.to_error().message, "Sentence.");
  }
  RouterResult<int> failed = router_error(RouterErrc::timeout, "Late.");
  auto converted = std::move(failed).to_result();
  ASSERT_FALSE(converted.ok());
  EXPECT_EQ(converted.error().code, Errc::unavailable);
}

TEST(RouterError, DescribesTimeouts) {
  EXPECT_EQ(describe_timeout(std::chrono::milliseconds(5000)), "5 s");
  EXPECT_EQ(describe_timeout(std::chrono::milliseconds(250)), "250 ms");
}

}  // namespace
}  // namespace hotspot::routeros
