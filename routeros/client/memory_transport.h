#pragma once
// An in-memory transport for tests, in the manner of Beast's test::stream: the test plays the
// router through MemoryPeer (it sees every sentence the client writes and answers with
// sentences or raw bytes), and can make the Nth operation (connect, read or write, counted
// together from 1) and every one after it fail, so a loop over N walks every error path.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "routeros/client/transport.h"
#include "routeros/protocol.h"

namespace hotspot::routeros {

class MemoryPeer : public std::enable_shared_from_this<MemoryPeer> {
 public:
  using Script = std::function<void(const Sentence&)>;

  // Held by shared_ptr: the transport and writes in progress keep it alive.
  explicit MemoryPeer(boost::asio::io_context& io);

  // Called with every complete sentence the client writes, after the write completes.
  void on_sentence(Script script) { script_ = std::move(script); }
  void send(const Sentence& words);
  void send_bytes(std::string_view bytes);
  // End of stream for the client once it has read what was sent.
  void close();

  void fail_from(std::size_t operation, ErrorCode error);
  void refuse_connect() { connect_mode_ = ConnectMode::refuse; }
  void stall_connect() { connect_mode_ = ConnectMode::stall; }
  // At most this many bytes per read, to exercise words split across reads.
  void set_read_chunk(std::size_t bytes) { read_chunk_ = bytes == 0 ? 1 : bytes; }

  std::size_t operations() const { return operations_; }
  const std::vector<Sentence>& received() const { return received_; }
  // Bytes the client wrote that do not decode as sentences (a client bug).
  bool received_garbage() const { return received_garbage_; }
  bool client_closed() const { return client_closed_; }
  bool has_pending_operation() const { return pending_read_.has_value() || pending_connect_; }

 private:
  friend class MemoryTransport;
  enum class ConnectMode { accept, refuse, stall };
  struct PendingRead {
    boost::asio::mutable_buffer buffer;
    Transport::IoHandler handler;
  };

  std::optional<ErrorCode> count_operation();
  void connect(Transport::ConnectHandler handler);
  void read_some(boost::asio::mutable_buffer buffer, Transport::IoHandler handler);
  void write(boost::asio::const_buffer buffer, Transport::IoHandler handler);
  void deliver_written(const std::string& bytes);
  void client_close();
  void complete_read();

  boost::asio::io_context& io_;
  Script script_;
  SentenceDecoder from_client_;
  std::string to_client_;
  std::optional<PendingRead> pending_read_;
  Transport::ConnectHandler pending_connect_;
  std::vector<Sentence> received_;
  std::size_t operations_ = 0;
  std::size_t fail_from_ = 0;  // 0: never
  ErrorCode fail_error_;
  std::size_t read_chunk_ = 1 << 16;
  ConnectMode connect_mode_ = ConnectMode::accept;
  bool peer_closed_ = false;
  bool client_closed_ = false;
  bool received_garbage_ = false;
};

class MemoryTransport final : public Transport {
 public:
  explicit MemoryTransport(std::shared_ptr<MemoryPeer> peer);
  ~MemoryTransport() override;

  boost::asio::any_io_executor executor() override;
  void async_connect(const std::string& host, std::uint16_t port, ConnectHandler handler) override;
  void async_read_some(boost::asio::mutable_buffer buffer, IoHandler handler) override;
  void async_write(boost::asio::const_buffer buffer, IoHandler handler) override;
  void close() override;

 private:
  std::shared_ptr<MemoryPeer> peer_;
};

}  // namespace hotspot::routeros
