// Commands on an open session over the in-memory transport: tags, pipelining, deadlines,
// traps, !empty, and the replies that must close a session.
#include <map>
#include <set>
#include <stdexcept>

#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

Command print(const std::string& path) { return Command{path, {}, {}, {}}; }

class SessionTest : public ClientTest {};

TEST_F(SessionTest, PipelinedCommandsAnsweredOutOfOrder) {
  std::vector<Sentence> held;
  open([&](const Sentence& words) {
    held.push_back(words);
    if (held.size() < 3) return;  // all three are on the wire before any answer
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
      const std::string tag = tag_of(*it);
      peer->send({"!re", ".tag=" + tag, "=path=" + (*it)[0]});
      peer->send({"!done", ".tag=" + tag, "=ret=" + tag});
    }
  });
  const std::vector<std::string> paths = {"/system/resource/print", "/system/identity/print",
                                          "/ip/hotspot/user/print"};
  std::map<std::string, RouterResult<Response>> results;
  std::set<std::string> tags;
  for (const auto& path : paths) {
    const CommandId id = session->async_run(
        print(path), [&, path](RouterResult<Response> r) { results.emplace(path, std::move(r)); });
    EXPECT_NE(id, 0u);
    tags.insert(std::to_string(id));
  }
  EXPECT_EQ(tags.size(), 3u) << "tags must be unique";
  EXPECT_EQ(session->in_flight(), 3u);
  ASSERT_TRUE(run_until(io, [&] { return results.size() == 3; }));
  for (const auto& path : paths) {
    const auto& result = results.at(path);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->rows.size(), 1u);
    EXPECT_EQ(result->rows[0], (Row{{"path", path}}));
    EXPECT_TRUE(result->ret().has_value());
  }
  EXPECT_EQ(session->in_flight(), 0u);
}

TEST_F(SessionTest, RowsAndDoneAttributes) {
  open([&](const Sentence& words) {
    const std::string tag = ".tag=" + tag_of(words);
    peer->send({"!re", tag, "=.id=*1", "=name=a=b"});
    peer->send({"!re", tag, "=.id=*2", "=comment="});
    peer->send({"!done", tag, "=ret=*3"});
  });
  auto result = run(Command{"/ip/hotspot/user/print", {{".proplist", ".id,name"}}, {"?name"}, {}});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->rows.size(), 2u);
  EXPECT_EQ(result->rows[0], (Row{{".id", "*1"}, {"name", "a=b"}}));
  EXPECT_EQ(result->rows[1], (Row{{".id", "*2"}, {"comment", ""}}));
  EXPECT_EQ(result->ret(), "*3");
  const auto sentences = sent("/ip/hotspot/user/print");
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_EQ(sentences[0], (Sentence{"/ip/hotspot/user/print", "=.proplist=.id,name", "?name",
                                    ".tag=" + tag_of(sentences[0])}));
}

TEST_F(SessionTest, TrapCarriesCategoryAndMessage) {
  open([&](const Sentence& words) {
    const std::string tag = ".tag=" + tag_of(words);
    peer->send(
        {"!trap", tag, "=category=1", "=message=input does not match any value of interface"});
    peer->send({"!done", tag});
  });
  auto result =
      run(Command{"/ip/address/add", {{"address", "192.168.88.1"}, {"interface", "asdf"}}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::trap);
  ASSERT_EQ(result.error().traps.size(), 1u);
  EXPECT_EQ(result.error().traps[0], (Trap{1, "input does not match any value of interface"}));
  EXPECT_EQ(result.error().message,
            "The router refused /ip/address/add: input does not match any value of interface.");
  EXPECT_TRUE(session->is_open()) << "a trap ends the command, not the session";
}

TEST_F(SessionTest, EveryTrapIsKept) {
  open([&](const Sentence& words) {
    const std::string tag = ".tag=" + tag_of(words);
    peer->send({"!trap", tag, "=message=first problem"});
    peer->send({"!trap", tag, "=category=4", "=message=second problem"});
    peer->send({"!done", tag});
  });
  auto result = run(print("/ip/hotspot/user/add"));
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.error().traps.size(), 2u);
  EXPECT_EQ(result.error().traps[0], (Trap{std::nullopt, "first problem"}));
  EXPECT_EQ(result.error().traps[1], (Trap{4, "second problem"}));
  EXPECT_NE(result.error().message.find("first problem; second problem"), std::string::npos);
}

TEST_F(SessionTest, EmptyThenDoneIsNoRows) {
  open([&](const Sentence& words) {
    const std::string tag = ".tag=" + tag_of(words);
    peer->send({"!empty", tag});
    peer->send({"!done", tag});
  });
  auto result = run(Command{"/ip/hotspot/user/print", {}, {"?name=nobody"}, {}});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->rows.empty());
}

TEST_F(SessionTest, SilentCommandTimesOutAndIsCancelled) {
  std::vector<Sentence> cancels;
  open([&](const Sentence& words) {
    if (words[0] == "/cancel") cancels.push_back(words);
  });
  auto result = run(print("/tool/fetch"), RunOptions{40ms});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::timeout);
  EXPECT_NE(result.error().message.find("/tool/fetch"), std::string::npos);
  EXPECT_NE(result.error().message.find("40 ms"), std::string::npos);
  ASSERT_TRUE(run_until(io, [&] { return !cancels.empty(); }));
  const std::string fetch_tag = tag_of(sent("/tool/fetch").at(0));
  EXPECT_EQ(attribute_of(cancels[0], "tag"), fetch_tag);
  EXPECT_NE(tag_of(cancels[0]), fetch_tag) << "the cancel has its own tag";
  EXPECT_TRUE(logger.contains("ROUTEROS_COMMAND_TIMEOUT"));
  EXPECT_EQ(session->in_flight(), 0u);

  // The late answers are dropped and the session carries on.
  peer->send({"!trap", ".tag=" + fetch_tag, "=category=2", "=message=interrupted"});
  peer->send({"!done", ".tag=" + tag_of(cancels[0])});
  peer->send({"!done", ".tag=" + fetch_tag});
  peer->on_sentence([&](const Sentence& words) { peer->send({"!done", ".tag=" + tag_of(words)}); });
  EXPECT_TRUE(run(print("/system/identity/print")).ok());
  EXPECT_TRUE(session->is_open());
}

// The session keeps one timer for every deadline: a later command with a shorter deadline
// must still fail on time, a command that finishes must not leave the timer set for it only,
// and the long command keeps its own deadline throughout.
TEST_F(SessionTest, EachCommandKeepsItsOwnDeadline) {
  open([&](const Sentence& words) {
    if (words[0] == "/system/identity/print") peer->send({"!done", ".tag=" + tag_of(words)});
  });
  using Clock = std::chrono::steady_clock;
  std::map<std::string, std::pair<RouterResult<Response>, Clock::time_point>> ended;
  auto start = [&](const std::string& path, std::chrono::milliseconds timeout) {
    session->async_run(print(path), [&, path](RouterResult<Response> r) {
      ended.emplace(path, std::make_pair(std::move(r), Clock::now()));
    }, RunOptions{timeout});
  };
  const auto t0 = Clock::now();
  start("/tool/fetch", 400ms);               // silent, long deadline first
  start("/system/identity/print", 30ms);     // answered: the timer set for it finds nothing
  start("/system/resource/print", 120ms);    // silent, shorter than the first
  ASSERT_TRUE(run_until(io, [&] { return ended.size() == 3; }));
  EXPECT_TRUE(ended.at("/system/identity/print").first.ok());
  const auto& resource = ended.at("/system/resource/print");
  const auto& fetch = ended.at("/tool/fetch");
  EXPECT_EQ(resource.first.error().code, RouterErrc::timeout);
  EXPECT_EQ(fetch.first.error().code, RouterErrc::timeout);
  EXPECT_GE(resource.second - t0, 120ms);
  EXPECT_LT(resource.second - t0, 350ms) << "the short deadline waited for the long one";
  EXPECT_GE(fetch.second - t0, 400ms);
  EXPECT_TRUE(session->is_open());
}

TEST_F(SessionTest, RouterThatIgnoresTheCancelTooIsClosed) {
  options.command_timeout = 40ms;
  open([&](const Sentence&) {});
  std::vector<RouterResult<Response>> results;
  session->async_run(print("/system/resource/print"),
                     [&](RouterResult<Response> r) { results.push_back(std::move(r)); });
  session->async_listen(print("/ip/hotspot/active/listen"), nullptr,
                        [&](RouterResult<Response> r) { results.push_back(std::move(r)); });
  ASSERT_TRUE(run_until(io, [&] { return results.size() == 2; }));
  EXPECT_EQ(results[0].error().code, RouterErrc::timeout);
  EXPECT_EQ(results[1].error().code, RouterErrc::timeout) << "the listen fails with the session";
  EXPECT_NE(results[1].error().message.find("stopped answering"), std::string::npos);
  EXPECT_FALSE(session->is_open());
}

TEST_F(SessionTest, ReplyThatNeverEndsHitsTheDeadline) {
  open([&](const Sentence& words) {
    if (words[0] == "/cancel") return;
    const std::string tag = ".tag=" + tag_of(words);
    peer->send({"!re", tag, "=section=1"});
    peer->send({"!re", tag, "=section=2"});  // and never !done
  });
  auto result = run(print("/tool/fetch"), RunOptions{40ms});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::timeout);
  EXPECT_TRUE(run_until(io, [&] { return sent("/cancel").size() == 1; }));
}

TEST_F(SessionTest, SentenceThatNeverEndsHitsTheDeadline) {
  open([&](const Sentence& words) {
    std::string bytes;
    append_word(bytes, "!re");
    append_word(bytes, ".tag=" + tag_of(words));
    append_word(bytes, "=name=half");  // no terminating empty word
    peer->send_bytes(bytes);
  });
  auto result = run(print("/ip/hotspot/user/print"), RunOptions{40ms});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::timeout);
}

TEST_F(SessionTest, CancelOfACommand) {
  open([&](const Sentence& words) {
    if (words[0] != "/cancel") return;
    const std::string target = attribute_of(words, "tag").value_or("");
    peer->send({"!trap", ".tag=" + target, "=category=2", "=message=interrupted"});
    peer->send({"!done", ".tag=" + tag_of(words)});
    peer->send({"!done", ".tag=" + target});
  });
  std::optional<RouterResult<Response>> result;
  const CommandId id = session->async_run(print("/tool/fetch"),
                                          [&](RouterResult<Response> r) { result = std::move(r); });
  EXPECT_TRUE(session->cancel(id));
  EXPECT_TRUE(session->cancel(id)) << "still being cancelled";
  EXPECT_FALSE(session->cancel(id + 100)) << "nothing to cancel";
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, RouterErrc::cancelled);
  EXPECT_TRUE(result->error().traps.empty());
  EXPECT_EQ(sent("/cancel").size(), 1u) << "one /cancel is enough";
  EXPECT_FALSE(session->cancel(id)) << "finished";
}

TEST_F(SessionTest, ListenUntilCancelled) {
  open([&](const Sentence& words) {
    if (words[0] == "/ip/hotspot/active/listen") {
      const std::string tag = ".tag=" + tag_of(words);
      peer->send({"!re", tag, "=.id=*1", "=user=alice"});
      peer->send({"!re", tag, "=.id=*1", "=.dead=yes"});
      return;
    }
    ASSERT_EQ(words[0], "/cancel");  // the official sequence, §1.6
    const std::string target = attribute_of(words, "tag").value_or("");
    peer->send({"!trap", ".tag=" + target, "=category=2", "=message=interrupted"});
    peer->send({"!done", ".tag=" + tag_of(words)});
    peer->send({"!done", ".tag=" + target});
  });
  std::vector<Row> rows;
  std::optional<RouterResult<Response>> end;
  CommandId id = 0;
  id = session->async_listen(
      print("/ip/hotspot/active/listen"),
      [&](const Row& row) {
        rows.push_back(row);
        if (rows.size() == 2) {
          EXPECT_TRUE(session->cancel(id));
        }
      },
      [&](RouterResult<Response> r) { end = std::move(r); });
  ASSERT_TRUE(run_until(io, [&] { return end.has_value(); }));
  ASSERT_TRUE(end->ok()) << end->error().message;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{{".id", "*1"}, {"user", "alice"}}));
  EXPECT_EQ(rows[1], (Row{{".id", "*1"}, {".dead", "yes"}}));
  EXPECT_EQ(session->in_flight(), 0u);
  EXPECT_TRUE(session->is_open());
}

TEST_F(SessionTest, ListenHasNoDeadlineByDefault) {
  options.command_timeout = 30ms;
  open([&](const Sentence&) {});
  std::optional<RouterResult<Response>> end;
  session->async_listen(print("/ip/hotspot/active/listen"), nullptr,
                        [&](RouterResult<Response> r) { end = std::move(r); });
  EXPECT_FALSE(run_until(
      io, [&] { return end.has_value(); }, 150ms));
  EXPECT_EQ(session->in_flight(), 1u);
}

TEST_F(SessionTest, FatalFailsEveryPendingCommand) {
  int seen = 0;
  open([&](const Sentence&) {
    if (++seen == 2) {
      peer->send({"!fatal", "session terminated on request"});
      peer->close();
    }
  });
  std::vector<RouterResult<Response>> results;
  for (int i = 0; i < 2; ++i) {
    session->async_run(print("/system/resource/print"),
                       [&](RouterResult<Response> r) { results.push_back(std::move(r)); });
  }
  ASSERT_TRUE(run_until(io, [&] { return results.size() == 2; }));
  for (const auto& result : results) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, RouterErrc::fatal);
    EXPECT_NE(result.error().message.find("session terminated on request"), std::string::npos);
  }
  EXPECT_FALSE(session->is_open());
  EXPECT_TRUE(logger.contains("ROUTEROS_SESSION_CLOSED"));
  EXPECT_EQ(run(print("/system/resource/print")).error().code, RouterErrc::closed);
}

// Replies that are not the RouterOS API close the session and fail what was pending.
struct BadReply {
  const char* name;
  std::function<std::string(const std::string& tag)> bytes;
};

class BadReplyTest : public ClientTest, public ::testing::WithParamInterface<BadReply> {};

TEST_P(BadReplyTest, ClosesTheSessionWithAProtocolError) {
  options.limits.max_word_bytes = 1024;
  open([&](const Sentence& words) { peer->send_bytes(GetParam().bytes(tag_of(words))); });
  std::optional<RouterResult<Response>> other;
  session->async_run(Command{"/system/clock/print", {}, {}, {}},
                     [&](RouterResult<Response> r) { other = std::move(r); });
  ASSERT_TRUE(run_until(io, [&] { return other.has_value(); }));
  ASSERT_FALSE(other->ok());
  EXPECT_EQ(other->error().code, RouterErrc::protocol) << other->error().message;
  EXPECT_FALSE(session->is_open());
  EXPECT_TRUE(peer->client_closed());
}

INSTANTIATE_TEST_SUITE_P(
    Replies, BadReplyTest,
    ::testing::Values(
        BadReply{"UnknownReplyWord",
                 [](const std::string& tag) {
                   return encode_sentence({"!surprise", ".tag=" + tag});
                 }},
        BadReply{
            "OversizedWord",
            [](const std::string& tag) {
              return encode_sentence({"!re", ".tag=" + tag, "=name=" + std::string(2000, 'x')});
            }},
        BadReply{"ControlByte", [](const std::string&) { return std::string("\xF8\x01\x02", 3); }},
        BadReply{"UntaggedDone", [](const std::string&) { return encode_sentence({"!done"}); }},
        BadReply{"TagNeverSent",
                 [](const std::string&) {
                   return encode_sentence({"!done", ".tag=999"});
                 }},
        BadReply{"TagNotANumber",
                 [](const std::string&) {
                   return encode_sentence({"!done", ".tag=x1"});
                 }}),
    [](const ::testing::TestParamInfo<BadReply>& param) { return std::string(param.param.name); });

TEST_F(SessionTest, TooManyRowsFailTheCommandAndCancelIt) {
  options.max_rows = 2;
  open([&](const Sentence& words) {
    if (words[0] == "/cancel") return;
    const std::string tag = ".tag=" + tag_of(words);
    for (int i = 0; i < 3; ++i) peer->send({"!re", tag, "=n=" + std::to_string(i)});
    peer->send({"!done", tag});
  });
  auto result = run(print("/ip/hotspot/host/print"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::too_large);
  ASSERT_TRUE(run_until(io, [&] { return sent("/cancel").size() == 1; }));
  EXPECT_TRUE(session->is_open());
}

TEST_F(SessionTest, TooManyCommandsInFlightAreRefused) {
  options.max_in_flight = 2;
  open([&](const Sentence&) {});
  std::vector<RouterResult<Response>> refused;
  EXPECT_NE(session->async_run(print("/a/print"), [](RouterResult<Response>) {}), 0u);
  EXPECT_NE(session->async_run(print("/b/print"), [](RouterResult<Response>) {}), 0u);
  EXPECT_EQ(session->async_run(print("/c/print"),
                               [&](RouterResult<Response> r) { refused.push_back(std::move(r)); }),
            0u);
  ASSERT_TRUE(run_until(io, [&] { return refused.size() == 1; }));
  EXPECT_EQ(refused[0].error().code, RouterErrc::busy);
  EXPECT_EQ(sent("/c/print").size(), 0u);
}

TEST_F(SessionTest, InvalidCommandsAreNeverSent) {
  open([&](const Sentence& words) { peer->send({"!done", ".tag=" + tag_of(words)}); });
  const Command bad[] = {
      Command{"/ip hotspot/user/add", {}, {}, {}},
      Command{"/ip/hotspot/user/add", {{"na=me", "x"}}, {}, {}},
      Command{"/ip/hotspot/user/add", {{"", "x"}}, {}, {}},
      Command{"/ip/hotspot/user/print", {}, {"name=x"}, {}},
      Command{"ip/hotspot/user/add", {}, {}, {}},
      Command{"/cancel", {}, {}, {}},
      Command{"/login", {{"name", "admin"}, {"password", "secret"}}, {}, {}},
  };
  const std::size_t before = peer->received().size();
  for (const auto& command : bad) {
    auto result = run(command);
    ASSERT_FALSE(result.ok()) << command.path;
    EXPECT_EQ(result.error().code, RouterErrc::invalid_command) << command.path;
  }
  EXPECT_EQ(peer->received().size(), before);
  EXPECT_TRUE(run(print("/system/identity/print")).ok());
}

TEST_F(SessionTest, ValuesAreBytesAndTheTagIsTheSessions) {
  open([&](const Sentence& words) { peer->send({"!done", ".tag=" + tag_of(words)}); });
  Command command{"/ip/hotspot/user/set", {{"comment", "line\nbreak;=\"quoted\""}}, {}, "mine"};
  ASSERT_TRUE(run(command).ok());
  const auto sentences = sent("/ip/hotspot/user/set");
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_EQ(attribute_of(sentences[0], "comment"), "line\nbreak;=\"quoted\"");
  EXPECT_NE(tag_of(sentences[0]), "mine");
}

TEST_F(SessionTest, WordsSplitAcrossReads) {
  peer->set_read_chunk(1);
  open([&](const Sentence& words) {
    const std::string tag = ".tag=" + tag_of(words);
    peer->send({"!re", tag, "=name=" + std::string(300, 'n')});
    peer->send({"!done", tag});
  });
  auto result = run(print("/ip/hotspot/user/print"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->rows.at(0).at(0).value.size(), 300u);
}

TEST_F(SessionTest, AThrowingHandlerStaysInside) {
  open([&](const Sentence& words) { peer->send({"!done", ".tag=" + tag_of(words)}); });
  bool ran = false;
  session->async_run(print("/system/identity/print"), [&](RouterResult<Response>) {
    ran = true;
    throw std::runtime_error("handler bug");
  });
  ASSERT_TRUE(run_until(io, [&] { return ran; }));
  EXPECT_TRUE(logger.contains("ROUTEROS_HANDLER_THREW"));
  EXPECT_TRUE(run(print("/system/identity/print")).ok());
}

TEST_F(SessionTest, DroppingTheSessionFailsWhatWasPending) {
  open([&](const Sentence&) {});
  std::optional<RouterResult<Response>> result;
  session->async_run(print("/system/identity/print"),
                     [&](RouterResult<Response> r) { result = std::move(r); });
  std::weak_ptr<Session> weak = session;
  session.reset();
  EXPECT_TRUE(weak.expired()) << "pending operations must not keep the session alive";
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
  EXPECT_EQ(result->error().code, RouterErrc::closed);
  EXPECT_TRUE(drain(io));
  EXPECT_TRUE(peer->client_closed());
  EXPECT_FALSE(peer->has_pending_operation());
}

}  // namespace
}  // namespace hotspot::routeros::testing
