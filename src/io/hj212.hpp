// HJ 212-2017 (and HJ/T 212-2005) — the data transmission standard of online pollution monitoring systems: packet
// framing, the data segment (QN/ST/CN/PW/MN/Flag/CP), monitoring data with per-value flags, and the upper
// machine's answers. Pure code: bytes in, typed packets and bytes out; no sockets, no files.
//
// A packet on the wire:  ##  LLLL  <data segment, LLLL bytes>  CCCC  \r\n
//   LLLL  the data segment's length in bytes, 4 decimal digits
//   CCCC  CRC16 of the data segment as 4 hex digits (the standard's appendix A algorithm, crc16 below)
// The data segment: QN=...;ST=..;CN=....;PW=......;MN=...;Flag=.;[PNUM=..;PNO=..;]CP=&&...&&
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::io::hj212 {

// The CRC of HJ 212-2017 appendix A (also used by HJ/T 212-2005): register 0xFFFF; per byte
// reg = (reg >> 8) ^ byte, then 8 rounds of shift right, xor 0xA001 when the bit shifted out was 1.
// Note the (reg >> 8): this is not CRC-16/MODBUS. crc16("QN=20160801085857223;...;CP=&&RtdInterval=30&&") = 0x1C80.
std::uint16_t crc16(std::string_view data);

// Largest data segment the standard allows (HJ 212-2017 6.3.1: 0 <= length <= 1024); longer packets must be
// split with PNUM/PNO.
inline constexpr std::size_t kMaxDataLength = 1024;

// Why bytes were refused as a packet.
enum class FrameError {
  none,
  garbage,     // bytes before a "##" header (skipped up to the next "##")
  bad_length,  // the 4 length characters are not decimal digits
  oversized,   // the declared length is above the limit
  bad_crc,     // the CRC field is not 4 hex digits or does not match the data segment
  bad_trailer  // no \r\n after the CRC: the declared length is wrong or the packet is truncated
};
const char* frame_error_name(FrameError e);

// One step of reading a byte stream: a complete packet, a refusal (skip `consumed` bytes and go on), or a
// request for more bytes (status need_more, consumed 0).
struct FrameResult {
  enum class Status { packet, refused, need_more } status = Status::need_more;
  FrameError error = FrameError::none;
  std::string_view data;     // the data segment of a packet (points into the input)
  std::size_t consumed = 0;  // bytes of the input this step used up
};
// Frames the start of `buffer`. Garbage before "##" is refused as one step; after a refused header the reader
// resynchronises at the next "##". `max_data` bounds the declared length (the receiver's per-connection buffer).
FrameResult next_frame(std::string_view buffer, std::size_t max_data = kMaxDataLength);

// A whole packet (## ... \r\n) around a data segment.
std::string frame(std::string_view data_segment);

// Data flags of a monitored value (HJ 212-2017 table 5 / HJ/T 212-2005): the device's state when it measured.
//   N normal 正常 · F source stopped 停运 · M maintenance 维护 · S manual input 手工输入 · D fault 故障 ·
//   C calibration 校准 · T over the upper limit 超测上限 · B communication fault 通讯异常 · P power fault 电源故障
//   (2005)
bool is_data_flag(char flag);
const char* data_flag_name_zh(char flag);

enum class Version { v2005, v2017 };

// One measured value: pollutant code (a21026, w01018, 2005's 011, ...), kind (Rtd, Avg, Min, Max, Cou, ZsRtd,
// ZsAvg, ZsMin, ZsMax) and the pollutant's flag ('\0' when the packet gave none).
struct Value {
  std::string pollutant;
  std::string kind;
  double value = 0;
  char flag = 0;
};

struct Packet {
  Version version = Version::v2017;
  std::string qn;         // request code YYYYMMDDhhmmsszzz; empty when absent (allowed in 2005 and in uploads)
  int st = -1;            // system code (31 gas, 32 surface water, 91 system interaction, ...)
  int cn = -1;            // command code (2011 real-time, 2051 minute, 2061 hourly, 2031 daily, ...)
  std::string pw, mn;     // access password, device (MN) code
  int flag = -1;          // the Flag field; -1 when absent
  int pnum = 0, pno = 0;  // split packets: total and number (0 when not split)
  std::string cp;         // the CP content between && and &&
  std::string data_time;  // CP DataTime (YYYYMMDDhhmmss), empty when absent
  std::vector<Value> values;
  std::vector<std::pair<std::string, std::string>> fields;  // other CP fields (RtdInterval, QnRtn, ...)

  // Flag bit A (bit 0): the sender asks for an answer.
  bool wants_answer() const { return flag >= 0 && (flag & 1) != 0; }
  // A monitoring data upload (2011, 2051, 2061, 2031).
  bool is_data() const { return cn == 2011 || cn == 2051 || cn == 2061 || cn == 2031; }
};

// Parses a data segment. Refuses (nullopt, `why` says what) a missing or non-numeric ST/CN/Flag, an MN or PW
// missing, a CP without &&...&&, a DataTime that is not 14 digits, a value that is not a number, a flag outside
// the standard's letters, a repeated field.
std::optional<Packet> parse_data_segment(std::string_view data, std::string* why = nullptr);

// The upper machine's answers, as data segments (wrap them with frame()):
// 9014 data answer (数据应答) to an upload that asked for one: 2017 "QN=<qn>;ST=91;CN=9014;PW=..;MN=..;Flag=4;CP=&&&&";
// 2005 "ST=91;CN=9014;PW=..;MN=..;CP=&&QN=<qn>;CN=<cn>&&".
std::string data_answer(const Packet& p);
// 9011 request answer (请求应答) with QnRtn: 1 ready, 2 refused, 3 wrong password, 4 MN error, ..., 9 CRC error.
std::string request_answer(const Packet& p, int qn_rtn);

// A DataTime (YYYYMMDDhhmmss, Beijing time) as a civil time; nullopt unless 14 digits of a valid time.
std::optional<CivilDateTime> parse_data_time(std::string_view text);

// Builds an upload's data segment (the simulator and the tests).
std::string data_segment(const Packet& p);

}  // namespace eb::io::hj212
