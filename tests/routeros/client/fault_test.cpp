// The connection fails on the Nth operation (connect, read or write), for every N until a
// whole exchange runs without reaching it. Whatever N is, the open handler and every command
// handler run exactly once, failures say the connection was lost, and nothing is left behind:
// no pending operation on the transport and no session kept alive by a handler.
#include <map>

#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

constexpr int kCommands = 5;

// A router that answers each command with two rows and !done, /trap/print with two traps,
// and a listen with rows until it is cancelled.
void play_router(MemoryPeer& peer, const Sentence& words) {
  if (words[0] == "/login") {
    peer.send({"!done"});
  } else if (words[0] == "/cancel") {
    const std::string target = attribute_of(words, "tag").value_or("");
    peer.send({"!trap", ".tag=" + target, "=category=2", "=message=interrupted"});
    peer.send({"!done", ".tag=" + tag_of(words)});
    peer.send({"!done", ".tag=" + target});
  } else if (words[0] == "/trap/print") {
    const std::string tag = ".tag=" + tag_of(words);
    peer.send({"!trap", tag, "=message=first"});
    peer.send({"!trap", tag, "=category=1", "=message=second"});
    peer.send({"!done", tag});
  } else if (words[0] == "/ip/hotspot/active/listen") {
    peer.send({"!re", ".tag=" + tag_of(words), "=user=alice"});
  } else {
    const std::string tag = ".tag=" + tag_of(words);
    peer.send({"!re", tag, "=n=1"});
    peer.send({"!empty", tag});
    peer.send({"!re", tag, "=n=2"});
    peer.send({"!done", tag, "=ret=" + words[0]});
  }
}

struct Tally {
  int opened = 0;
  bool open_ok = false;
  std::map<std::string, int> calls;  // handler name -> times it ran
  std::map<std::string, RouterErrc> errors;
  int successes = 0;

  void record(const std::string& name, const RouterResult<Response>& result) {
    ++calls[name];
    if (result.ok()) {
      ++successes;
    } else {
      errors[name] = result.error().code;
    }
  }
  bool finished() const {
    if (opened == 0) return false;
    return !open_ok || calls.size() == kCommands + 2;
  }
};

void start_commands(Session& session, Tally& tally) {
  for (int i = 0; i < kCommands; ++i) {
    const std::string path = "/c" + std::to_string(i) + "/print";
    session.async_run(Command{path, {}, {}, {}},
                      [&tally, path](RouterResult<Response> r) { tally.record(path, r); });
  }
  session.async_run(Command{"/trap/print", {}, {}, {}},
                    [&tally](RouterResult<Response> r) { tally.record("trap", r); });
  auto id = std::make_shared<CommandId>(0);
  *id = session.async_listen(
      Command{"/ip/hotspot/active/listen", {}, {}, {}},
      [&session, id](const Row&) { session.cancel(*id); },
      [&tally](RouterResult<Response> r) { tally.record("listen", r); });
}

// One run failing from operation `n`; returns whether the failure was reached at all.
bool run_failing_from(std::size_t n, std::size_t read_chunk) {
  boost::asio::io_context io;
  auto peer = std::make_shared<MemoryPeer>(io);
  peer->fail_from(n, boost::asio::error::connection_reset);
  peer->set_read_chunk(read_chunk);
  peer->on_sentence([&peer = *peer](const Sentence& words) { play_router(peer, words); });
  hotspot::testing::CapturingLogger logger;
  SessionOptions options;
  options.user = "admin";
  Tally tally;
  auto session = Session::create(std::make_unique<MemoryTransport>(peer), options, logger);
  session->async_open([&](RouterResult<void> r) {
    ++tally.opened;
    tally.open_ok = r.ok();
    if (r.ok()) start_commands(*session, tally);
  });
  EXPECT_TRUE(run_until(io, [&] { return tally.finished(); })) << "hung failing from " << n;

  session->close();
  std::weak_ptr<Session> weak = session;
  session.reset();
  EXPECT_TRUE(drain(io)) << "work left behind failing from " << n;
  EXPECT_TRUE(weak.expired()) << "session kept alive failing from " << n;
  EXPECT_FALSE(peer->has_pending_operation()) << "failing from " << n;
  EXPECT_EQ(tally.opened, 1) << "failing from " << n;
  for (const auto& [name, count] : tally.calls) {
    EXPECT_EQ(count, 1) << name << " failing from " << n;
  }
  for (const auto& [name, code] : tally.errors) {
    if (name == "trap" && code == RouterErrc::trap) continue;  // its answer got through
    EXPECT_EQ(code, RouterErrc::closed) << name << " failing from " << n;
  }
  const bool reached = peer->operations() >= n;
  if (!reached) {
    EXPECT_TRUE(tally.open_ok);
    EXPECT_EQ(tally.successes, kCommands + 1) << "nothing failed, so everything succeeds";
    EXPECT_EQ(tally.errors.count("trap"), 1u);
  }
  return reached;
}

TEST(FaultTest, ConnectionFailingOnEveryNthOperation) {
  for (std::size_t chunk : {std::size_t{1} << 16, std::size_t{5}}) {
    std::size_t n = 1;
    while (run_failing_from(n, chunk)) {
      ASSERT_LT(n, 2000u) << "the exchange never ends";
      if (::testing::Test::HasFailure()) return;  // one broken N is enough to read
      ++n;
    }
    ::testing::Test::RecordProperty("operations_with_read_chunk_" + std::to_string(chunk),
                                    static_cast<int>(n - 1));
    EXPECT_GT(n, 5u) << "the loop should have walked past connect, login and the commands";
  }
}

}  // namespace
}  // namespace hotspot::routeros::testing
