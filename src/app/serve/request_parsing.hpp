// The pieces of an HTTP request the server parses itself, as pure functions (no I/O, no state) so that they can
// be tested and fuzzed alone: the request target (percent-decoding, the query split into names and values, UTF-8
// checked after decoding), the Host header against the addresses the server answers for, and the media type of a
// request body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.hpp"  // is_valid_utf8: the one UTF-8 rule of every reader

namespace eb::app::serve {

// The percent-decoding of one URL component; '+' decodes to a space when `plus_is_space` (the query). nullopt
// when a '%' is not followed by two hexadecimal digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// A request target (the second word of the request line) decoded and checked.
struct RequestTarget {
  std::string path;                                        // decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in the order sent; "a" alone is ("a", "")
  // Empty when the target is good; else the code and message of the 400 it is answered with: "bad_encoding" (a
  // broken percent escape, invalid UTF-8 or a NUL after decoding) or "bad_request" (not a path).
  std::string error_code, error;
};

// The origin-form target "/path?query" parsed: the path and each name and value percent-decoded ('+' is a space
// in the query only), empty query items ("a&&b") skipped, and every decoded part valid UTF-8 without NUL. Other
// forms (absolute URLs, "*") are refused.
RequestTarget parse_request_target(std::string_view raw);

// The host of a Host header value, lower-cased, without the port ("Example.org:8080" -> "example.org",
// "[::1]:80" -> "[::1]"); empty when the value is malformed.
std::string host_of(std::string_view host_header);

// Whether a request with this Host header is for this server. `allowed` (--allowed-host; "*" accepts any) and
// the bind address itself are always accepted; a server bound to loopback (127.0.0.0/8) or to every address
// (0.0.0.0) also accepts "localhost", "127.0.0.1" and "[::1]"; a server bound to 0.0.0.0 with no `allowed` list
// accepts any host. An empty or malformed value is refused. (The server does not call this for a request without
// a Host header, HTTP/1.0 only since MHD refuses such HTTP/1.1 requests: browsers always send one, so DNS
// rebinding cannot reach the server without it.)
bool host_allowed(std::string_view host_header, std::string_view bind_address, const std::vector<std::string>& allowed);

// Whether a Content-Type header value is JSON: the media type application/json (any case, spaces around it), with
// no parameter but charset=utf-8 (JSON is UTF-8, RFC 8259; the value may be quoted, any case). "application/json;
// charset=latin1", "text/json" and "application/jsonx" are not.
bool is_json_media_type(std::string_view content_type);

// An id in a path (/submissions/ID, /review/marks/ID): a positive whole number in plain digits; none otherwise.
std::optional<std::int64_t> positive_id(std::string_view text);

}  // namespace eb::app::serve
