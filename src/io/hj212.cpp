#include "io/hj212.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>

#include "core/civil_time.hpp"

namespace eb::io::hj212 {

namespace {

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b) {
    std::uint16_t r = static_cast<std::uint16_t>(b);
    for (int i = 0; i < 8; ++i)
      r = (r & 1) ? static_cast<std::uint16_t>((r >> 1) ^ 0xA001) : static_cast<std::uint16_t>(r >> 1);
    t[b] = r;
  }
  return t;
}
constexpr std::array<std::uint16_t, 256> kTable = make_table();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool set_why(std::string* why, std::string text) {
  if (why) *why = std::move(text);
  return false;
}

std::optional<int> small_int(std::string_view v) {
  if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), is_digit)) return std::nullopt;
  int out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

bool printable_code(std::string_view v, std::size_t max_size) {
  if (v.empty() || v.size() > max_size) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return c > ' ' && c < 127 && c != ';' && c != '=' && c != '&' && c != ','; });
}

bool is_value_kind(std::string_view k) {
  // By length first: this runs for every value of every packet the receiver parses. Cou has no Zs form.
  if (k.size() == 3) return k == "Rtd" || k == "Avg" || k == "Min" || k == "Max" || k == "Cou";
  if (k.size() != 5 || k[0] != 'Z' || k[1] != 's') return false;
  k.remove_prefix(2);
  return k == "Rtd" || k == "Avg" || k == "Min" || k == "Max";
}

// FNV-1a: a code's fingerprint, so the repeat and flag checks compare numbers and only compare text on a match.
std::uint64_t fingerprint(std::string_view text, std::uint64_t h = 14695981039346656037ull) {
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

// Where the CP item starting at `from` ends: the next ';' (between pollutants) or ',' (within one), or the end.
std::size_t item_end(std::string_view cp, std::size_t from) {
  while (from < cp.size() && cp[from] != ';' && cp[from] != ',') ++from;
  return from;
}

// Splits CP content into key=value items (separated by ';' between pollutants and ',' within one). The receiver
// parses every packet on its network thread, so this allocates once for the values (reserved from the count of '=')
// and not per value: codes are short enough for std::string's inline buffer, the flags are views of `cp`, and the
// checks for repeats compare fingerprints (reused buffers) before text.
bool parse_cp(std::string_view cp, Packet& p, std::string* why) {
  struct FlagItem {
    std::string_view pollutant;
    std::uint64_t print;
    char flag;
  };
  thread_local std::vector<FlagItem> flags;
  thread_local std::vector<std::uint64_t> pollutant_prints, value_prints;  // per value: pollutant; pollutant and kind
  flags.clear();
  pollutant_prints.clear();
  value_prints.clear();
  p.values.reserve(static_cast<std::size_t>(std::count(cp.begin(), cp.end(), '=')));
  std::size_t start = 0;
  while (start <= cp.size()) {
    const std::size_t end = item_end(cp, start);
    const std::string_view item = cp.substr(start, end - start);
    start = end + 1;
    if (item.empty()) {
      if (end == cp.size()) break;
      continue;
    }
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return set_why(why, fmt::format("CP item \"{}\" is not key=value", item));
    const std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "DataTime") {
      if (!p.data_time.empty()) return set_why(why, "CP DataTime repeats");
      if (value.size() != 14 || !std::all_of(value.begin(), value.end(), is_digit))
        return set_why(why, fmt::format("DataTime \"{}\" is not YYYYMMDDhhmmss", value));
      if (!parse_data_time(value)) return set_why(why, fmt::format("DataTime \"{}\" is not a valid time", value));
      p.data_time = std::string(value);
      continue;
    }
    const std::size_t dash = key.rfind('-');
    const std::string_view kind = dash == std::string_view::npos ? std::string_view{} : key.substr(dash + 1);
    const std::string_view pollutant = dash == std::string_view::npos ? std::string_view{} : key.substr(0, dash);
    if (kind == "Flag" && !pollutant.empty()) {
      if (value.size() != 1 || !is_data_flag(value[0]))
        return set_why(why, fmt::format("{}: \"{}\" is not a data flag (N F M S D C T B P)", key, value));
      const std::uint64_t print = fingerprint(pollutant);
      for (const FlagItem& f : flags)
        if (f.print == print && f.pollutant == pollutant) return set_why(why, fmt::format("{} repeats", key));
      flags.push_back({pollutant, print, value[0]});
    } else if (is_value_kind(kind) && printable_code(pollutant, 32)) {
      double v = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || !std::isfinite(v))
        return set_why(why, fmt::format("{}: \"{}\" is not a number", key, value));
      const std::uint64_t pollutant_print = fingerprint(pollutant);
      const std::uint64_t value_print = fingerprint(kind, pollutant_print ^ 0x2D);  // "-" between the two
      for (std::size_t i = 0; i < value_prints.size(); ++i)
        if (value_prints[i] == value_print && p.values[i].kind == kind && p.values[i].pollutant == pollutant)
          return set_why(why, fmt::format("{} repeats", key));
      pollutant_prints.push_back(pollutant_print);
      value_prints.push_back(value_print);
      Value& added = p.values.emplace_back();
      added.pollutant = pollutant;
      added.kind = kind;
      added.value = v;
    } else {
      p.fields.emplace_back(std::string(key), std::string(value));
    }
  }
  for (std::size_t i = 0; i < p.values.size(); ++i)
    for (const FlagItem& f : flags)
      if (f.print == pollutant_prints[i] && f.pollutant == p.values[i].pollutant) p.values[i].flag = f.flag;
  return true;
}

}  // namespace

std::optional<CivilDateTime> parse_data_time(std::string_view t) {
  if (t.size() != 14 || !std::all_of(t.begin(), t.end(), is_digit)) return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  CivilDateTime out{{num(0, 4), num(4, 2), num(6, 2)}, num(8, 2), num(10, 2), num(12, 2)};
  if (!is_valid(out)) return std::nullopt;
  return out;
}

std::uint16_t crc16(std::string_view data) {
  std::uint16_t r = 0xFFFF;
  for (const char c : data) {
    r = static_cast<std::uint16_t>((r >> 8) ^ static_cast<unsigned char>(c));
    // The 8 rounds of shift and xor at once: they move the high byte down and xor in the low byte's table entry.
    r = static_cast<std::uint16_t>((r >> 8) ^ kTable[r & 0xFF]);
  }
  return r;
}

const char* frame_error_name(FrameError e) {
  switch (e) {
    case FrameError::none:
      return "none";
    case FrameError::garbage:
      return "garbage";
    case FrameError::bad_length:
      return "bad_length";
    case FrameError::oversized:
      return "oversized";
    case FrameError::bad_crc:
      return "bad_crc";
    case FrameError::bad_trailer:
      return "bad_trailer";
  }
  return "?";
}

FrameResult next_frame(std::string_view buffer, std::size_t max_data) {
  FrameResult r;
  if (buffer.empty()) return r;
  const std::size_t header = buffer.find("##");
  if (header != 0) {
    // Garbage up to the next "##" (keep a trailing '#' that may start one).
    std::size_t skip = header;
    if (header == std::string_view::npos) skip = buffer.back() == '#' ? buffer.size() - 1 : buffer.size();
    if (skip == 0) return r;
    r.status = FrameResult::Status::refused;
    r.error = FrameError::garbage;
    r.consumed = skip;
    return r;
  }
  auto refuse = [&](FrameError e) {
    r.status = FrameResult::Status::refused;
    r.error = e;
    const std::size_t next = buffer.find("##", 2);
    r.consumed = next == std::string_view::npos ? buffer.size() : next;
    return r;
  };
  if (buffer.size() < 6) {
    for (std::size_t i = 2; i < buffer.size(); ++i)
      if (!is_digit(buffer[i])) return refuse(FrameError::bad_length);
    return r;
  }
  std::size_t length = 0;
  for (std::size_t i = 2; i < 6; ++i) {
    if (!is_digit(buffer[i])) return refuse(FrameError::bad_length);
    length = length * 10 + static_cast<std::size_t>(buffer[i] - '0');
  }
  if (length > max_data) return refuse(FrameError::oversized);
  const std::size_t total = 6 + length + 4 + 2;
  if (buffer.size() < total) return r;
  const std::string_view data = buffer.substr(6, length);
  if (buffer[total - 2] != '\r' || buffer[total - 1] != '\n') return refuse(FrameError::bad_trailer);
  unsigned crc = 0;
  for (std::size_t i = 6 + length; i < 6 + length + 4; ++i) {
    const int h = hex_value(buffer[i]);
    if (h < 0) return refuse(FrameError::bad_crc);
    crc = crc * 16 + static_cast<unsigned>(h);
  }
  if (crc != crc16(data)) {
    // A whole, well-terminated packet with a wrong checksum: skip exactly it.
    r.status = FrameResult::Status::refused;
    r.error = FrameError::bad_crc;
    r.consumed = total;
    return r;
  }
  r.status = FrameResult::Status::packet;
  r.data = data;
  r.consumed = total;
  return r;
}

std::string frame(std::string_view data_segment) {
  std::string out;
  out.reserve(data_segment.size() + 12);
  fmt::format_to(std::back_inserter(out), "##{:04d}{}{:04X}\r\n", data_segment.size(), data_segment,
                 crc16(data_segment));
  return out;
}

bool is_data_flag(char flag) {
  switch (flag) {
    case 'N':
    case 'F':
    case 'M':
    case 'S':
    case 'D':
    case 'C':
    case 'T':
    case 'B':
    case 'P':
      return true;
    default:
      return false;
  }
}

const char* data_flag_name_zh(char flag) {
  switch (flag) {
    case 'N':
      return "正常";
    case 'F':
      return "停运";
    case 'M':
      return "维护";
    case 'S':
      return "手工输入";
    case 'D':
      return "故障";
    case 'C':
      return "校准";
    case 'T':
      return "超测上限";
    case 'B':
      return "通讯异常";
    case 'P':
      return "电源故障";
    default:
      return "";
  }
}

std::optional<Packet> parse_data_segment(std::string_view data, std::string* why) {
  Packet p;
  const std::size_t cp_at = data.find("CP=&&");
  if (cp_at == std::string_view::npos) return set_why(why, "no CP=&&...&&"), std::nullopt;
  if (cp_at != 0 && data[cp_at - 1] != ';') return set_why(why, "CP is not a field of its own"), std::nullopt;
  const std::size_t cp_start = cp_at + 5;
  if (data.size() < cp_start + 2 || data.substr(data.size() - 2) != "&&")
    return set_why(why, "CP does not end with &&"), std::nullopt;
  p.cp = std::string(data.substr(cp_start, data.size() - 2 - cp_start));
  bool seen_qn = false, seen_st = false, seen_cn = false, seen_pw = false, seen_mn = false, seen_flag = false;
  bool seen_pnum = false, seen_pno = false;
  const std::string_view head = data.substr(0, cp_at);
  std::size_t start = 0;
  while (start < head.size()) {
    std::size_t end = head.find(';', start);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view item = head.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return set_why(why, fmt::format("\"{}\" is not key=value", item)), std::nullopt;
    const std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    auto once = [&](bool& seen) {
      if (seen) return set_why(why, fmt::format("{} repeats", key));
      seen = true;
      return true;
    };
    if (key == "QN") {
      if (!once(seen_qn)) return std::nullopt;
      if (value.size() != 17 || !std::all_of(value.begin(), value.end(), is_digit))
        return set_why(why, fmt::format("QN \"{}\" is not 17 digits (YYYYMMDDhhmmsszzz)", value)), std::nullopt;
      p.qn = std::string(value);
    } else if (key == "ST" || key == "CN" || key == "Flag" || key == "PNUM" || key == "PNO") {
      bool& seen = key == "ST"     ? seen_st
                   : key == "CN"   ? seen_cn
                   : key == "Flag" ? seen_flag
                   : key == "PNUM" ? seen_pnum
                                   : seen_pno;
      if (!once(seen)) return std::nullopt;
      const auto n = small_int(value);
      if (!n) return set_why(why, fmt::format("{} \"{}\" is not a number", key, value)), std::nullopt;
      (key == "ST" ? p.st : key == "CN" ? p.cn : key == "Flag" ? p.flag : key == "PNUM" ? p.pnum : p.pno) = *n;
    } else if (key == "PW" || key == "MN") {
      if (!once(key == "PW" ? seen_pw : seen_mn)) return std::nullopt;
      if (!printable_code(value, key == "PW" ? 32 : 64))
        return set_why(why, fmt::format("{} \"{}\" is empty, too long or has separators", key, value)), std::nullopt;
      (key == "PW" ? p.pw : p.mn) = std::string(value);
    } else {
      return set_why(why, fmt::format("unknown field {}", key)), std::nullopt;
    }
  }
  if (!seen_st || !seen_cn || !seen_pw || !seen_mn) return set_why(why, "ST, CN, PW and MN are required"), std::nullopt;
  if (seen_flag) {
    if (p.flag > 255) return set_why(why, fmt::format("Flag {} is above 255", p.flag)), std::nullopt;
    const int version = p.flag >> 2;
    if (version > 1)
      return set_why(why, fmt::format("Flag {}: unknown protocol version {}", p.flag, version)), std::nullopt;
    p.version = version == 1 ? Version::v2017 : Version::v2005;
    if ((p.flag & 2) && (!seen_pnum || !seen_pno || p.pno < 1 || p.pno > p.pnum))
      return set_why(why, "Flag says split packet but PNUM/PNO are missing or inconsistent"), std::nullopt;
  } else {
    p.version = Version::v2005;
  }
  if (!parse_cp(p.cp, p, why)) return std::nullopt;
  if (p.is_data() && p.data_time.empty())
    return set_why(why, fmt::format("CN {} without DataTime", p.cn)), std::nullopt;
  return p;
}

std::string data_answer(const Packet& p) {
  if (p.version == Version::v2005)
    return fmt::format("ST=91;CN=9014;PW={};MN={};CP=&&QN={};CN={}&&", p.pw, p.mn, p.qn, p.cn);
  return fmt::format("QN={};ST=91;CN=9014;PW={};MN={};Flag=4;CP=&&&&", p.qn, p.pw, p.mn);
}

std::string request_answer(const Packet& p, int qn_rtn) {
  if (p.version == Version::v2005)
    return fmt::format("ST=91;CN=9011;PW={};MN={};CP=&&QN={};QnRtn={}&&", p.pw, p.mn, p.qn, qn_rtn);
  return fmt::format("QN={};ST=91;CN=9011;PW={};MN={};Flag=4;CP=&&QnRtn={}&&", p.qn, p.pw, p.mn, qn_rtn);
}

std::string data_segment(const Packet& p) {
  // One buffer, written in place (the simulator builds every packet of the benchmark with this).
  std::string out;
  out.reserve(64 + p.cp.size() + 32 * p.values.size());
  auto to = std::back_inserter(out);
  if (!p.qn.empty()) fmt::format_to(to, "QN={};", p.qn);
  fmt::format_to(to, "ST={};CN={};PW={};MN={};", p.st, p.cn, p.pw, p.mn);
  if (p.flag >= 0) fmt::format_to(to, "Flag={};", p.flag);
  if (p.pnum > 0) fmt::format_to(to, "PNUM={};PNO={};", p.pnum, p.pno);
  out += "CP=&&";
  bool first = true;
  auto sep = [&](char c) {
    if (!first) out += c;
    first = false;
  };
  if (!p.data_time.empty()) {
    sep(';');
    out += "DataTime=";
    out += p.data_time;
  }
  for (const auto& [k, v] : p.fields) {
    sep(';');
    fmt::format_to(to, "{}={}", k, v);
  }
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    const Value& v = p.values[i];
    const bool same = i > 0 && p.values[i - 1].pollutant == v.pollutant;
    sep(same ? ',' : ';');
    fmt::format_to(to, "{}-{}={}", v.pollutant, v.kind, v.value);
    const bool last_of_pollutant = i + 1 == p.values.size() || p.values[i + 1].pollutant != v.pollutant;
    if (last_of_pollutant && v.flag) fmt::format_to(to, ",{}-Flag={}", v.pollutant, v.flag);
  }
  out += "&&";
  return out;
}

}  // namespace eb::io::hj212
