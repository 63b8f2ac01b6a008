#pragma once
// One API client connection. It only moves bytes: the decoder cuts sentences, ApiSession
// answers them, and the encoded replies are written in order. Every wait has a deadline
// (login, idle, each write); a stream that breaks the protocol gets !fatal and is closed.

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string_view>

#include "routeros/sim/api_session.h"
#include "routeros/sim/server.h"

namespace hotspot::routeros::sim {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using OnClosed = std::function<void(const std::shared_ptr<Connection>&)>;
  Connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerShared> shared, OnClosed on_closed);
  ~Connection();

  void start();
  // At once, dropping anything unsent; `why` goes to the log.
  void close(std::string_view why = "closed by the server");

 private:
  struct Outgoing {
    // not_before when no delay fault holds the reply back.
    static constexpr auto kAtOnce = std::chrono::steady_clock::time_point::min();
    std::string bytes;
    std::chrono::steady_clock::time_point not_before = kAtOnce;
    bool close_after = false;

    bool due() const {
      return not_before == kAtOnce || not_before <= std::chrono::steady_clock::now();
    }
  };

  void read_more();
  void on_read(boost::system::error_code ec, std::size_t n);
  enum class Answered { all, more_buffered, stop };
  static constexpr int kAnswersPerWrite = 64;
  void answer_some();
  // Answers up to `at_most` complete sentences received.
  Answered answer_decoded(int at_most);
  void handle_sentence(Sentence sentence);
  Replies answer(const Command& command);
  void send(const Replies& replies);
  void send_with_faults(const Replies& replies);
  void enqueue(std::string bytes, bool close_after);
  void enqueue_raw(std::string bytes, bool close_after);
  void flush_tls();
  void write_next();
  void on_written(boost::system::error_code ec);
  void linger_then_close();
  void drain();
  void fail_stream(const std::string& reason);
  void log_warning(const char* id, const std::string& message);
  void arm_timer(boost::asio::steady_timer& timer, std::chrono::milliseconds after, const char* why);
  void arm_idle_timer();

  boost::asio::ip::tcp::socket socket_;
  std::shared_ptr<ServerShared> shared_;
  OnClosed on_closed_;
  SentenceDecoder decoder_;
  // Large enough for a full window of pipelined commands (a hotspot user add is about 160
  // bytes), so that one read takes them all.
  std::array<char, 64 * 1024> buffer_{};
  std::unique_ptr<ApiSession> session_;
  std::unique_ptr<TlsLayer> tls_;  // API-SSL only
  std::string peer_;               // "address:port", for the log
  boost::asio::steady_timer login_timer_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer write_timer_;
  boost::asio::steady_timer delay_timer_;
  std::deque<Outgoing> outbox_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
  bool stop_reading_ = false;  // a closing reply is queued: no more commands
  bool reading_ = false;       // an async read is in flight
  bool lingering_ = false;     // half-closed, reading only to drop
  bool answering_ = false;     // in answer_some: replies queue, written after its batch
};

}  // namespace hotspot::routeros::sim
