#pragma once
// A simulator server on a loopback port, run on its own thread, with a watchdog: a socket
// test that has not finished by its deadline fails the run instead of hanging it.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/testutils/capturing_logger.h"
#include "routeros/sim/server.h"
#include "sim_test_support.h"

namespace hotspot::routeros::sim::testing {

class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds deadline) {
    thread_ = std::thread([this, deadline] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_for(lock, deadline, [this] { return done_; })) {
        std::fprintf(stderr, "watchdog: socket test still running after %lld s; failing the run\n",
                     static_cast<long long>(deadline.count()));
        std::abort();
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(std::string_view version = "7.12", ServerOptions options = {}, bool control = true) {
    options.control_commands = control;
    options.logger = &log_;
    state_ = std::make_unique<RouterState>(options_for(version));
    state_->add_account(full_account());
    state_->add_account(read_only_account());
    server_ = std::make_unique<Server>(io_, *state_, options);
    ASSERT_TRUE(server_->listen("127.0.0.1", 0).ok());
    port_ = server_->local_endpoint().port();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (!server_) return;
    boost::asio::post(io_, [this] {
      server_->stop();
      io_.stop();
    });
    thread_.join();
    server_.reset();
  }

  Watchdog watchdog_{std::chrono::seconds(30)};
  hotspot::testing::CapturingLogger log_;
  std::unique_ptr<RouterState> state_;  // outlives the io_context's handlers
  boost::asio::io_context io_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

}  // namespace hotspot::routeros::sim::testing
