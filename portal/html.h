#pragma once
// Escaping for everything the portal writes into a page or a URL. Every string that did not
// come from a literal in our own code goes through one of these before it reaches a customer.

#include <string>
#include <string_view>

namespace hotspot::portal {

// Text and attribute values alike: & < > " ' are replaced by entities, and bytes that are not
// valid UTF-8 or are control characters (other than tab and newline) become U+FFFD, so a page
// never carries a byte a browser could misread.
std::string html_escape(std::string_view text);

// Percent-encodes everything but RFC 3986 unreserved characters, for one query value.
std::string url_encode(std::string_view text);

}  // namespace hotspot::portal
