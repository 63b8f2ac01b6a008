#pragma once
// Moves sentences over a Transport and nothing else: a read loop that decodes and parses
// replies, and a write queue that sends everything queued in one write. The first failure
// (the stream ends or breaks, a malformed word, an unknown reply word) closes the transport
// and is reported once; nothing is reported after close().

#include <array>
#include <functional>
#include <memory>
#include <string>

#include "core/log.h"
#include "routeros/client/router_error.h"
#include "routeros/client/transport.h"
#include "routeros/protocol.h"

namespace hotspot::routeros {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  struct Events {
    std::function<void(Reply)> on_reply;
    std::function<void(RouterError)> on_failure;
  };

  Connection(std::unique_ptr<Transport> transport, DecoderLimits limits, Logger& logger);
  ~Connection();

  void connect(const std::string& host, std::uint16_t port, std::function<void(ErrorCode)> handler);
  // Starts reading; events arrive until the first failure or close().
  void start(Events events);
  // Queues the command, already validated, encoded straight into the write queue.
  void send(const Command& command);
  void close();
  bool is_open() const { return open_; }

 private:
  // Runs a handler body; if it throws, the connection fails instead of stalling.
  template <class F>
  void guard(const char* what, F&& body);
  void read_more();
  void on_read(ErrorCode ec, std::size_t bytes);
  void drain_sentences();
  void write_queued();
  void on_written(ErrorCode ec);
  void fail(RouterError error);

  std::unique_ptr<Transport> transport_;
  Logger& logger_;
  SentenceDecoder decoder_;
  Events events_;
  std::array<char, 16 * 1024> read_buffer_{};
  std::string queued_;   // sentences waiting for the write in progress
  std::string writing_;  // the bytes of the write in progress
  bool writing_now_ = false;
  bool flush_posted_ = false;  // a write of queued_ is posted and has not run yet
  bool open_ = true;
};

}  // namespace hotspot::routeros
