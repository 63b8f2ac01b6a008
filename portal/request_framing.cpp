#include "portal/request_framing.h"

#include <limits>
#include <optional>

namespace hotspot::portal {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

// A Content-Length value: digits only, or nothing.
std::optional<std::size_t> length_of(std::string_view value) {
  value = trimmed(value);
  if (value.empty()) return std::nullopt;
  std::size_t length = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    if (length > (std::numeric_limits<std::size_t>::max() - 9) / 10) {
      return std::numeric_limits<std::size_t>::max();  // far past any limit
    }
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  return length;
}

struct HeadFacts {
  bool unreadable_length = false;  // not a number, or two that disagree
  bool chunked = false;            // any Transfer-Encoding: only Content-Length bodies are read
  bool expects_continue = false;
  std::size_t content_length = 0;
};

HeadFacts read_head(std::string_view head) {
  HeadFacts facts;
  bool have_length = false;
  std::size_t line_start = head.find('\n');  // the request line says nothing about framing
  while (line_start != std::string_view::npos && line_start + 1 < head.size()) {
    const std::size_t from = line_start + 1;
    const std::size_t end = head.find('\n', from);
    std::string_view line = head.substr(from, end == std::string_view::npos ? end : end - from);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line_start = end;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    if (same_name(name, "Content-Length")) {
      const std::optional<std::size_t> length = length_of(value);
      if (!length || (have_length && *length != facts.content_length)) {
        facts.unreadable_length = true;
      } else {
        facts.content_length = *length;
        have_length = true;
      }
    } else if (same_name(name, "Transfer-Encoding")) {
      facts.chunked = true;
    } else if (same_name(name, "Expect")) {
      facts.expects_continue = same_name(trimmed(value), "100-continue");
    }
  }
  return facts;
}

}  // namespace

RequestFrame frame_request(std::string_view received, const FramingLimits& limits) {
  RequestFrame frame;
  // Blank lines before a request are allowed (RFC 9112 2.2): some clients send one after a body.
  while (!received.empty() && (received.front() == '\r' || received.front() == '\n')) {
    received.remove_prefix(1);
    ++frame.start;
  }
  const std::size_t blank = received.find("\r\n\r\n");
  if (blank == std::string_view::npos) {
    if (received.size() <= limits.max_head_bytes) return frame;  // the head may still come
    frame.state = RequestFrame::State::complete;
    frame.bytes = frame.start + received.size();
    frame.close_after = true;
    return frame;
  }
  const std::size_t head_bytes = blank + 4;
  const HeadFacts facts = read_head(received.substr(0, blank + 2));
  frame.state = RequestFrame::State::complete;
  if (facts.unreadable_length || facts.chunked || facts.content_length > limits.max_body_bytes) {
    // Only the head goes on: the server refuses the request without its body, and whatever
    // follows on this connection cannot be told apart from that body.
    frame.bytes = frame.start + head_bytes;
    frame.close_after = true;
    return frame;
  }
  if (received.size() - head_bytes < facts.content_length) {
    frame.state = RequestFrame::State::incomplete;
    frame.wants_continue = facts.expects_continue;
    return frame;
  }
  frame.bytes = frame.start + head_bytes + facts.content_length;
  return frame;
}

}  // namespace hotspot::portal
