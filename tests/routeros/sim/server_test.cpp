// End to end over loopback TCP: a blocking client written with the codec talks to the server.
#include <atomic>
#include <chrono>
#include <random>

#include "blocking_client.h"
#include "routeros/sim/login.h"
#include "server_fixture.h"

namespace hotspot::routeros::sim {
namespace {

using testing::BlockingClient;
using testing::command;
using testing::kinds;
using testing::trap_message;

Replies login(BlockingClient& client, std::string user = "admin", std::string password = "secret") {
  return client.call(command("/login", {{"name", std::move(user)}, {"password", std::move(password)}}));
}

std::optional<std::string> get(const Reply& r, std::string_view name) { return r.get(name); }

class SimServer : public testing::ServerTest {};

TEST_F(SimServer, LoginAddPrint) {
  start();
  BlockingClient client(port_);
  ASSERT_EQ(kinds(login(client)), "!done");
  Replies r = client.call(command("/ip/hotspot/user/add", {{"name", "v8K2pq"}, {"password", "4711"},
                                                           {"limit-uptime", "1h"}}));
  ASSERT_EQ(kinds(r), "!done");
  EXPECT_EQ(get(r[0], "ret"), "*1");
  r = client.call(command("/ip/hotspot/user/print", {{".proplist", ".id,name,limit-uptime"}}, {"?name=v8K2pq"}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(get(r[0], "limit-uptime"), "1h");
}

TEST_F(SimServer, PipelinedTaggedCommandsAreAnsweredInOrderWithTheirTags) {
  start();
  BlockingClient client(port_);
  login(client);
  for (int i = 0; i < 20; ++i) {
    client.send(command("/ip/hotspot/user/add", {{"name", "u" + std::to_string(i)}}, {}, std::to_string(i)));
  }
  for (int i = 0; i < 20; ++i) {
    auto r = client.read();
    ASSERT_TRUE(r) << client.error();
    EXPECT_EQ(r->kind, ReplyKind::done);
    EXPECT_EQ(r->tag, std::to_string(i));
    EXPECT_EQ(get(*r, "ret"), format_item_id(static_cast<std::uint64_t>(i + 1)));
  }
  Replies r = client.call(command("/ip/hotspot/user/print", {{"count-only", ""}}, {}, "c"));
  EXPECT_EQ(get(r[0], "ret"), "20");
  EXPECT_EQ(r[0].tag, "c");
}

// More commands in one read than the server answers per write: the rest are answered after
// the first write, in order, and the connection reads on after the last.
TEST_F(SimServer, ALongPipelinedRunInOneWriteIsAnsweredWholeAndInOrder) {
  start();
  BlockingClient client(port_);
  login(client);
  constexpr int kCommands = 300;
  std::string bytes;
  for (int i = 0; i < kCommands; ++i) {
    const Command add = command("/ip/hotspot/user/add", {{"name", "p" + std::to_string(i)}}, {},
                                std::to_string(i));
    bytes += encode_sentence(encode_command(add));
  }
  client.send_bytes(bytes);
  for (int i = 0; i < kCommands; ++i) {
    auto r = client.read();
    ASSERT_TRUE(r) << client.error();
    ASSERT_EQ(r->tag, std::to_string(i));
    EXPECT_EQ(get(*r, "ret"), format_item_id(static_cast<std::uint64_t>(i + 1)));
  }
  Replies r = client.call(command("/ip/hotspot/user/print", {{"count-only", ""}}, {}, "c"));
  EXPECT_EQ(get(r[0], "ret"), std::to_string(kCommands));
}

// A client that sends a long run and hangs up before reading a reply leaves the server
// answering nothing more for it, and serving others.
TEST_F(SimServer, AClientGoneInTheMiddleOfALongRunIsLetGo) {
  start();
  {
    BlockingClient client(port_);
    login(client);
    std::string bytes;
    for (int i = 0; i < 1000; ++i) {
      bytes += encode_sentence(encode_command(
          command("/ip/hotspot/user/add", {{"name", "g" + std::to_string(i)}}, {}, std::to_string(i))));
    }
    client.send_bytes(bytes);
  }  // closed unread
  BlockingClient other(port_);
  ASSERT_EQ(kinds(login(other)), "!done");
  EXPECT_EQ(kinds(other.call(command("/system/identity/print"))), "!re !done");
}

TEST_F(SimServer, ChallengeLoginOnAnOldRouter) {
  start("6.42");
  BlockingClient client(port_);
  Replies r = client.call(command("/login"));
  ASSERT_EQ(kinds(r), "!done");
  std::string hex = get(r[0], "ret").value_or("");
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  r = client.call(command("/login", {{"name", "admin"}, {"response", challenge_response("secret", bytes)}}));
  EXPECT_EQ(kinds(r), "!done");
  EXPECT_EQ(kinds(client.call(command("/system/identity/print"))), "!re !done");
}

TEST_F(SimServer, WrongPasswordAndMissingPolicy) {
  start();
  BlockingClient client(port_);
  Replies r = login(client, "admin", "wrong");
  EXPECT_EQ(trap_message(r), "invalid user name or password (6)");
  EXPECT_EQ(trap_message(client.call(command("/ip/hotspot/user/print"))), "not logged in");
  ASSERT_EQ(kinds(login(client, "monitor", "look")), "!done");
  EXPECT_EQ(trap_message(client.call(command("/ip/hotspot/user/add", {{"name", "x"}}))),
            "not enough permissions (9)");
}

TEST_F(SimServer, MalformedStreamGetsFatalThenClose) {
  start();
  BlockingClient client(port_);
  client.send_bytes(std::string("\xF8", 1));
  auto r = client.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, ReplyKind::fatal);
  EXPECT_FALSE(client.read());
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(SimServer, OversizedWordGetsFatal) {
  start();
  BlockingClient client(port_);
  login(client);
  // Only the start of the word: the length prefix alone is refused, and a client still writing
  // the rest would race the server's close.
  std::string bytes = encode_sentence({"/ip/hotspot/user/add"});
  bytes.pop_back();  // not the end of the sentence yet
  append_length(bytes, 100'000);
  bytes += "=comment=ccc";
  client.send_bytes(bytes);
  auto r = client.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, ReplyKind::fatal);
  EXPECT_FALSE(client.read());
}

// Random bytes from many clients at once: each connection ends, none takes the server down.
TEST_F(SimServer, RandomBytesNeverTakeTheServerDown) {
  start();
  std::mt19937 random(42);
  for (int c = 0; c < 20; ++c) {
    BlockingClient client(port_, std::chrono::milliseconds(100));
    std::string bytes(1 + random() % 300, '\0');
    for (char& b : bytes) b = static_cast<char>(random());
    if (c % 2 == 0) client.send(command("/login", {{"name", "admin"}, {"password", "secret"}}));
    client.try_send_bytes(bytes);
    while (client.read()) {
    }
  }
  BlockingClient client(port_);
  EXPECT_EQ(kinds(login(client)), "!done");
  EXPECT_EQ(kinds(client.call(command("/system/identity/print"))), "!re !done");
}

TEST_F(SimServer, LogsConnectionsRefusalsAndBrokenStreams) {
  ServerOptions options;
  options.max_connections = 1;
  start("7.12", options);
  {
    BlockingClient client(port_);
    login(client);
    BlockingClient refused(port_);
    EXPECT_FALSE(refused.read());
    client.send_bytes(std::string("\xF8", 1));
    EXPECT_EQ(client.read()->kind, ReplyKind::fatal);
    EXPECT_FALSE(client.read());
  }
  for (int i = 0; i < 100 && !log_.contains("ROUTEROS_SIM_DISCONNECTED"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(log_.contains("ROUTEROS_SIM_CONNECTED")) << log_.text();
  EXPECT_TRUE(log_.contains("ROUTEROS_SIM_REFUSED")) << log_.text();
  EXPECT_NE(log_.last_message("ROUTEROS_SIM_STREAM_REFUSED").find("0xF8"), std::string::npos) << log_.text();
  EXPECT_TRUE(log_.contains("ROUTEROS_SIM_DISCONNECTED")) << log_.text();
}

TEST_F(SimServer, QuitIsFatalAndCloses) {
  start();
  BlockingClient client(port_);
  login(client);
  Replies r = client.call(command("/quit"));
  ASSERT_EQ(kinds(r), "!fatal");
  EXPECT_EQ(r[0].fatal_reason, "session terminated on request");
  EXPECT_FALSE(client.read());
}

TEST_F(SimServer, DropMidSentence) {
  start();
  BlockingClient client(port_);
  login(client);
  server_->faults().break_next_reply(NextReplyFault::drop_mid_sentence);
  client.send(command("/system/resource/print"));
  std::string bytes = client.read_raw_until_closed();
  EXPECT_FALSE(bytes.empty());
  EXPECT_TRUE(client.closed_by_peer());
  SentenceDecoder decoder;
  decoder.feed(bytes);
  auto next = decoder.next();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());  // never a whole sentence
}

TEST_F(SimServer, FatalAndGarbageOnRequest) {
  start();
  {
    BlockingClient client(port_);
    login(client);
    server_->faults().break_next_reply(NextReplyFault::fatal, "out of memory");
    Replies r = client.call(command("/system/identity/print"));
    ASSERT_EQ(kinds(r), "!fatal");
    EXPECT_EQ(r[0].fatal_reason, "out of memory");
    EXPECT_FALSE(client.read());
  }
  BlockingClient client(port_);
  login(client);
  server_->faults().break_next_reply(NextReplyFault::garbage);
  client.send(command("/system/identity/print"));
  EXPECT_FALSE(client.read());
  EXPECT_FALSE(client.closed_by_peer());  // the decoder refused the bytes first
}

// The client is still sending when the router hangs up: the !fatal must reach it all the same.
TEST_F(SimServer, FatalReachesAClientThatKeepsSending) {
  start();
  BlockingClient client(port_);
  login(client);
  server_->faults().break_next_reply(NextReplyFault::fatal, "simulated");
  std::string burst;
  for (int i = 0; i < 2000; ++i) {
    burst += encode_sentence(encode_command(command("/ip/hotspot/user/add", {{"name", "n" + std::to_string(i)}})));
  }
  client.try_send_bytes(burst);
  auto r = client.read();
  ASSERT_TRUE(r) << client.error();
  EXPECT_EQ(r->kind, ReplyKind::fatal);
  EXPECT_EQ(r->fatal_reason, "simulated");
  EXPECT_FALSE(client.read());
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(SimServer, TrapEveryCommandAndDelayReplies) {
  start();
  BlockingClient client(port_);
  login(client);
  server_->faults().set_trap_all("failure: simulated");
  Replies r = client.call(command("/ip/hotspot/user/print", {}, {}, "t"));
  ASSERT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(trap_message(r), "failure: simulated");
  EXPECT_EQ(r[0].tag, "t");
  server_->faults().clear();
  server_->faults().set_reply_delay(std::chrono::milliseconds(200));
  auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(kinds(client.call(command("/system/identity/print"))), "!re !done");
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(200));
}

TEST_F(SimServer, ControlCommandsOverTheWire) {
  start();
  BlockingClient client(port_);
  login(client);
  client.call(command("/ip/hotspot/user/add", {{"name", "a"}, {"password", "p"}, {"limit-uptime", "1m"}}));
  Replies r = client.call(command("/ip/hotspot/active/login", {{"user", "a"}, {"password", "p"},
                                                               {"mac-address", "02:00:00:00:00:01"},
                                                               {"ip", "10.5.50.20"}}));
  ASSERT_EQ(kinds(r), "!done") << trap_message(r);
  EXPECT_EQ(kinds(client.call(command("/sim/advance", {{"seconds", "30"}}))), "!done");
  r = client.call(command("/ip/hotspot/active/print", {{".proplist", "uptime,session-time-left"}}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(get(r[0], "uptime"), "30s");
  EXPECT_EQ(get(r[0], "session-time-left"), "30s");
  client.call(command("/sim/advance", {{"seconds", "30"}}));
  EXPECT_EQ(kinds(client.call(command("/ip/hotspot/active/print"))), "!done");
  r = client.call(command("/sim/host", {{"mac-address", "02:00:00:00:00:0a"}, {"address", "10.5.50.30"}}));
  ASSERT_EQ(kinds(r), "!done");
  r = client.call(command("/ip/hotspot/host/print", {}, {"?mac-address=02:00:00:00:00:0A"}));
  EXPECT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(trap_message(client.call(command("/sim/host", {{"mac-address", "nope"}, {"address", "10.5.50.30"}}))),
            "invalid value for argument mac-address");
  EXPECT_EQ(trap_message(client.call(command("/sim/rate", {{".id", "*9"}, {"in", "1"}, {"out", "1"}}))),
            "no such item");
  EXPECT_EQ(kinds(client.call(command("/sim/fault", {{"next", "fatal"}}))), "!done");
  EXPECT_EQ(kinds(client.call(command("/system/identity/print"))), "!fatal");
}

TEST_F(SimServer, ControlCommandsAreUnknownUnlessEnabled) {
  start("7.12", {}, false);
  BlockingClient client(port_);
  login(client);
  EXPECT_EQ(trap_message(client.call(command("/sim/fault", {{"next", "fatal"}}))), "no such command prefix");
  EXPECT_EQ(kinds(client.call(command("/system/identity/print"))), "!re !done");
}

TEST_F(SimServer, ListenStreamsActiveChangesUntilCancel) {
  start();
  BlockingClient watcher(port_);
  BlockingClient actor(port_);
  login(watcher);
  login(actor);
  actor.call(command("/ip/hotspot/user/add", {{"name", "a"}, {"password", "p"}}));
  watcher.send(command("/ip/hotspot/active/listen", {}, {}, "L"));
  // The listen is registered once a later command on the same connection is answered.
  EXPECT_EQ(kinds(watcher.call(command("/system/identity/print"))), "!re !done");
  actor.call(command("/ip/hotspot/active/login", {{"user", "a"}, {"password", "p"},
                                                  {"mac-address", "02:00:00:00:00:01"}, {"ip", "10.5.50.20"}}));
  auto r = watcher.read();
  ASSERT_TRUE(r) << watcher.error();
  EXPECT_EQ(r->kind, ReplyKind::re);
  EXPECT_EQ(r->tag, "L");
  EXPECT_EQ(get(*r, "user"), "a");
  actor.call(command("/ip/hotspot/active/remove", {{".id", "*1"}}));
  r = watcher.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(get(*r, ".dead"), "yes");
  watcher.send(command("/cancel", {{"tag", "L"}}, {}, "C"));
  Replies sequence;
  for (int i = 0; i < 3; ++i) sequence.push_back(watcher.read().value_or(Reply{}));
  EXPECT_EQ(kinds(sequence), "!trap !done !done");
  EXPECT_EQ(sequence[0].tag, "L");
  EXPECT_EQ(sequence[1].tag, "C");
  EXPECT_EQ(sequence[2].tag, "L");
}

TEST_F(SimServer, ConnectionLimitAndLoginDeadline) {
  ServerOptions options;
  options.max_connections = 1;
  options.login_timeout = std::chrono::milliseconds(300);
  start("7.12", options);
  BlockingClient first(port_);
  login(first);
  BlockingClient second(port_);
  EXPECT_FALSE(second.read());  // refused: closed without a word
  EXPECT_TRUE(second.closed_by_peer());
  BlockingClient third_after(port_);  // still refused while the first is connected
  EXPECT_FALSE(third_after.read());
  first.call(command("/quit"));
  // A client that never logs in is dropped at the login deadline.
  for (int attempt = 0; attempt < 50 && server_->connection_count() != 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BlockingClient idle(port_);
  EXPECT_FALSE(idle.read());
  EXPECT_TRUE(idle.closed_by_peer());
}

TEST_F(SimServer, IdleClientsAreDroppedButListenersStay) {
  ServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  start("7.12", options);
  BlockingClient idle(port_);
  BlockingClient listener(port_);
  login(idle);
  login(listener);
  listener.send(command("/ip/hotspot/active/listen", {}, {}, "L"));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_FALSE(idle.read());
  EXPECT_TRUE(idle.closed_by_peer());
  listener.send(command("/cancel", {{"tag", "L"}}));
  Replies r;
  for (int i = 0; i < 3; ++i) r.push_back(listener.read().value_or(Reply{}));
  EXPECT_EQ(kinds(r), "!trap !done !done");
}

TEST_F(SimServer, ManyConnectionsAtOnce) {
  start();
  std::vector<std::thread> clients;
  std::atomic<int> added{0};
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([this, c, &added] {
      BlockingClient client(port_);
      if (kinds(login(client)) != "!done") return;
      for (int i = 0; i < 25; ++i) {
        Replies r = client.call(command("/ip/hotspot/user/add", {{"name", "c" + std::to_string(c) + "-" + std::to_string(i)}}));
        if (kinds(r) == "!done") ++added;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(added.load(), 200);
  EXPECT_EQ(server_->with_state([](RouterState& s) { return s.table("/ip/hotspot/user")->items().size(); }), 200u);
}

}  // namespace
}  // namespace hotspot::routeros::sim
