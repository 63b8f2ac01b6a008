#pragma once
// A session over the in-memory transport, with a test playing the router. Every run of the
// io_context goes through run_until, whose watchdog turns a hang into a failed test.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>

#include "core/testutils/capturing_logger.h"
#include "routeros/client/memory_transport.h"
#include "routeros/client/session.h"

namespace hotspot::routeros::testing {

using namespace std::chrono_literals;

// The value of ".tag=" in a sentence the client sent, "" when there is none.
inline std::string tag_of(const Sentence& words) {
  for (const auto& word : words) {
    if (word.rfind(".tag=", 0) == 0) return word.substr(5);
  }
  return {};
}

// The value of "=name=" in a sentence, nullopt when absent.
inline std::optional<std::string> attribute_of(const Sentence& words, const std::string& name) {
  const std::string prefix = "=" + name + "=";
  for (const auto& word : words) {
    if (word.rfind(prefix, 0) == 0) return word.substr(prefix.size());
  }
  return std::nullopt;
}

// Runs `io` until `done` holds. False after `watchdog`: the caller fails instead of hanging.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds watchdog = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + watchdog;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(10ms);
  }
  return true;
}

// Runs `io` until it has no work left; false if work remains after `watchdog`.
inline bool drain(boost::asio::io_context& io, std::chrono::milliseconds watchdog = 5s) {
  io.restart();
  io.run_for(watchdog);
  return io.stopped();
}

// Opens `session` and waits for the outcome under the watchdog (a hang fails the test).
inline RouterResult<void> await_open(boost::asio::io_context& io, Session& session) {
  std::optional<RouterResult<void>> result;
  session.async_open([&](RouterResult<void> r) { result = std::move(r); });
  if (!run_until(io, [&] { return result.has_value(); })) {
    ADD_FAILURE() << "open hung";
    return router_error(RouterErrc::closed, "hung");
  }
  return std::move(*result);
}

// Runs one command to completion under the watchdog.
inline RouterResult<Response> await_run(boost::asio::io_context& io, Session& session,
                                        Command command, RunOptions run_options = {}) {
  std::optional<RouterResult<Response>> result;
  session.async_run(
      std::move(command), [&](RouterResult<Response> r) { result = std::move(r); }, run_options);
  if (!run_until(io, [&] { return result.has_value(); })) {
    ADD_FAILURE() << "command hung";
    return router_error(RouterErrc::closed, "hung");
  }
  return std::move(*result);
}

class ClientTest : public ::testing::Test {
 protected:
  using CommandScript = std::function<void(const Sentence&)>;

  ClientTest() {
    options.host = "router.test";
    options.user = "admin";
    options.password = "secret";
    options.connect_timeout = 2s;
    options.login_timeout = 2s;
    options.command_timeout = 2s;
  }

  std::shared_ptr<Session> make_session() {
    session = Session::create(std::make_unique<MemoryTransport>(peer), options, logger);
    return session;
  }

  // Plays a router from 6.43 on: /login with the right password gets !done, anything else
  // goes to `on_command`.
  void script_router(CommandScript on_command) {
    peer->on_sentence([this, on_command = std::move(on_command)](const Sentence& words) {
      if (words.at(0) == "/login") {
        answer_login(words);
        return;
      }
      if (on_command) on_command(words);
    });
  }

  void answer_login(const Sentence& words) {
    if (attribute_of(words, "password") == options.password) {
      peer->send({"!done"});
    } else {
      peer->send({"!trap", "=message=invalid user name or password (6)"});
      peer->send({"!done"});
    }
  }

  // Opens the session against the scripted router; the test stops here if that fails.
  void open(CommandScript on_command = nullptr) {
    script_router(std::move(on_command));
    make_session();
    std::optional<RouterResult<void>> result;
    session->async_open([&](RouterResult<void> r) { result = std::move(r); });
    ASSERT_TRUE(run_until(io, [&] { return result.has_value(); })) << "open hung";
    ASSERT_TRUE(result->ok()) << result->error().message;
  }

  // Runs one command to completion under the watchdog.
  RouterResult<Response> run(Command command, RunOptions run_options = {}) {
    return await_run(io, *session, std::move(command), run_options);
  }

  // Sentences the client sent whose first word is `path`.
  std::vector<Sentence> sent(const std::string& path) const {
    std::vector<Sentence> out;
    for (const auto& words : peer->received()) {
      if (!words.empty() && words[0] == path) out.push_back(words);
    }
    return out;
  }

  boost::asio::io_context io;
  std::shared_ptr<MemoryPeer> peer = std::make_shared<MemoryPeer>(io);
  hotspot::testing::CapturingLogger logger;
  SessionOptions options;
  std::shared_ptr<Session> session;
};

}  // namespace hotspot::routeros::testing
