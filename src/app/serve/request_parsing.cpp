#include "app/serve/request_parsing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace eb::app::serve {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A decoded part is kept when it is valid UTF-8 without NUL (a NUL would cut the text short in C APIs below).
bool acceptable(std::string_view decoded) {
  return decoded.find('\0') == std::string_view::npos && is_valid_utf8(decoded);
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int h = hex_value(text[i + 1]), l = hex_value(text[i + 2]);
      if (h < 0 || l < 0) return std::nullopt;
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

RequestTarget parse_request_target(std::string_view raw) {
  RequestTarget t;
  auto refuse = [&t](const char* code, std::string message) {
    t.path.clear();
    t.query.clear();
    t.error_code = code;
    t.error = std::move(message);
    return t;
  };
  if (raw.empty() || raw.front() != '/')
    return refuse("bad_request", "the request target must be a path starting with /");
  const std::size_t question = raw.find('?');
  const std::string_view raw_path = raw.substr(0, question);
  const auto path = percent_decode(raw_path, false);
  if (!path) return refuse("bad_encoding", "the path has a '%' not followed by two hexadecimal digits");
  if (!acceptable(*path)) return refuse("bad_encoding", "the path is not valid UTF-8 once decoded (or holds a NUL)");
  t.path = *path;
  if (question == std::string_view::npos) return t;
  std::string_view rest = raw.substr(question + 1);
  while (true) {
    const std::size_t amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      const auto name = percent_decode(item.substr(0, eq), true);
      const auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1), true);
      if (!name || !value) return refuse("bad_encoding", "the query has a '%' not followed by two hexadecimal digits");
      if (!acceptable(*name) || !acceptable(*value))
        return refuse("bad_encoding", "a query parameter is not valid UTF-8 once decoded (or holds a NUL)");
      t.query.emplace_back(*name, *value);
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return t;
}

std::string host_of(std::string_view host_header) {
  std::string_view h = host_header;
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.remove_suffix(1);
  if (h.empty()) return {};
  std::string_view host;
  std::string_view port;
  if (h.front() == '[') {  // an IPv6 literal
    const std::size_t close = h.find(']');
    if (close == std::string_view::npos) return {};
    host = h.substr(0, close + 1);
    const std::string_view after = h.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return {};
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = h.find(':');
    host = h.substr(0, colon);
    if (colon != std::string_view::npos) port = h.substr(colon + 1);
  }
  if (host.empty() || host.size() > 255) return {};
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) || port.size() > 5) return {};
  std::string out;
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    // A host name or an address: letters, digits and - . _ (and : inside brackets).
    if (!(std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '[' || c == ']' || c == ':')) return {};
    out += static_cast<char>(std::tolower(u));
  }
  return out;
}

bool host_allowed(std::string_view host_header, std::string_view bind_address,
                  const std::vector<std::string>& allowed) {
  const std::string host = host_of(host_header);
  if (host.empty()) return false;
  const bool wildcard = bind_address == "0.0.0.0";
  if (wildcard && allowed.empty()) return true;
  for (const auto& a : allowed) {
    if (a == "*") return true;
    std::string want;
    for (char c : a) want += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (want == host) return true;
  }
  if (!wildcard && host == bind_address) return true;
  if (wildcard || bind_address.starts_with("127."))
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
  return false;
}

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  std::string_view rest = content_type;
  std::size_t semi = rest.find(';');
  if (!equals_ignoring_case(trimmed(rest.substr(0, semi)), "application/json")) return false;
  while (semi != std::string_view::npos) {
    rest.remove_prefix(semi + 1);
    semi = rest.find(';');
    const std::string_view parameter = trimmed(rest.substr(0, semi));
    if (parameter.empty()) continue;
    const std::size_t eq = parameter.find('=');
    if (eq == std::string_view::npos || !equals_ignoring_case(trimmed(parameter.substr(0, eq)), "charset"))
      return false;
    std::string_view value = trimmed(parameter.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!equals_ignoring_case(value, "utf-8")) return false;
  }
  return true;
}

std::optional<std::int64_t> positive_id(std::string_view text) {
  std::int64_t id = 0;
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace eb::app::serve
