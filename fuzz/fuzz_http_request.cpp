// The HTTP request parsing the server does itself: the request target (percent-decoding, the query split,
// UTF-8 after decoding) and the Host header check. The input is "TARGET\nHOST\nBIND": every piece is hostile.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/serve/request_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace eb::app::serve;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\n');
  const std::string_view target = input.substr(0, first);
  const std::string_view rest = first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
  const std::size_t second = rest.find('\n');
  const std::string_view host = rest.substr(0, second);
  const std::string_view bind = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);

  const RequestTarget t = parse_request_target(target);
  if (t.error_code.empty()) {
    // What reaches a handler is a decoded path and query of valid UTF-8 without NUL.
    if (t.path.empty() || t.path.front() != '/' || !eb::is_valid_utf8(t.path)) __builtin_trap();
    if (t.path.find('\0') != std::string::npos) __builtin_trap();
    for (const auto& [name, value] : t.query)
      if (!eb::is_valid_utf8(name) || !eb::is_valid_utf8(value) || name.find('\0') != std::string::npos ||
          value.find('\0') != std::string::npos)
        __builtin_trap();
  } else if (t.error_code != "bad_encoding" && t.error_code != "bad_request") {
    __builtin_trap();
  }
  (void)percent_decode(target, true);
  const std::string h = host_of(host);
  (void)host_allowed(host, bind, {});
  (void)host_allowed(host, bind, {std::string(h)});
  return 0;
}
