#pragma once
// Where one HTTP/1.1 request ends in the bytes a connection has received so far. The portal's
// event loop reads without blocking anyone and hands a request to a worker only once it is all
// there, so a phone that sends slowly costs a buffer, never a thread. Pure, so the edge cases
// (a body announced too large, two Content-Lengths, chunked bodies, headers without end) are
// tested byte by byte.

#include <cstddef>
#include <string_view>

namespace hotspot::portal {

struct FramingLimits {
  // Request line and headers together; past this without their blank line, the request is
  // handed over as it is (cpp-httplib then answers 414 or 400) and the connection closes.
  std::size_t max_head_bytes = 16 * 1024;
  std::size_t max_body_bytes = 16 * 1024;
};

struct RequestFrame {
  enum class State {
    incomplete,  // wait for more bytes
    complete,    // the first `bytes` bytes are one request
  };
  State state = State::incomplete;
  // The request is bytes [start, bytes): blank lines before it are skipped.
  std::size_t start = 0;
  std::size_t bytes = 0;
  // The request cannot be followed by another on this connection: its body is not read (too
  // large, chunked, or its length unreadable) or its head never ended.
  bool close_after = false;
  // The client waits for "100 Continue" before sending a body that fits.
  bool wants_continue = false;
};

RequestFrame frame_request(std::string_view received, const FramingLimits& limits);

}  // namespace hotspot::portal
