#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "io/hj212.hpp"

using namespace eb::io::hj212;

namespace {

// HJ 212-2017 appendix A's example packet (also the CRC example).
const std::string kStandardPacket =
    "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
    "1C80\r\n";
// An HJ/T 212-2005 real-time upload as devices in the field send it (no QN, no Flag, 2005 pollutant codes).
const std::string k2005Packet =
    "##0178ST=32;CN=2011;PW=123456;MN=0873HHMZWSLH02;CP=&&DataTime=20160103133030;060-Rtd=3.0943,060-Flag=N;"
    "011-Rtd=18.0412,011-Flag=N;001-Rtd=8.2137,001-Flag=N;B01-Rtd=10.9890,B01-Flag=N&&a9c1\r\n";

const std::string kHourly =
    "QN=20240101010000123;ST=31;CN=2061;PW=123456;MN=EB000000000000000000A001;Flag=5;CP=&&DataTime=20240101000000;"
    "a21026-Min=10.5,a21026-Avg=20.25,a21026-Max=30,a21026-Cou=1.5,a21026-Flag=N;"
    "a19001-Avg=8.2,a19001-ZsAvg=9.1,a19001-Flag=M&&";

}  // namespace

TEST(Hj212Crc, StandardVectors) {
  EXPECT_EQ(crc16("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&"
                  "RtdInterval=30&&"),
            0x1C80);
  EXPECT_EQ(crc16(k2005Packet.substr(6, 178)), 0xA9C1);
  // Not CRC-16/MODBUS (which gives 0x0759 for the first vector).
  EXPECT_NE(crc16("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&"
                  "RtdInterval=30&&"),
            0x0759);
  EXPECT_EQ(crc16(""), 0xFFFF);
}

TEST(Hj212Frame, StandardPacketFramesAndParses) {
  const FrameResult f = next_frame(kStandardPacket);
  ASSERT_EQ(f.status, FrameResult::Status::packet);
  EXPECT_EQ(f.consumed, kStandardPacket.size());
  EXPECT_EQ(f.data.size(), 101u);
  const auto p = parse_data_segment(f.data);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->qn, "20160801085857223");
  EXPECT_EQ(p->st, 32);
  EXPECT_EQ(p->cn, 1062);
  EXPECT_EQ(p->pw, "100000");
  EXPECT_EQ(p->mn, "010000A8900016F000169DC0");
  EXPECT_EQ(p->flag, 5);
  EXPECT_TRUE(p->wants_answer());
  EXPECT_EQ(p->version, Version::v2017);
  ASSERT_EQ(p->fields.size(), 1u);
  EXPECT_EQ(p->fields[0].first, "RtdInterval");
  EXPECT_EQ(p->fields[0].second, "30");
  // frame() rebuilds the standard's bytes exactly (upper-case hex CRC).
  EXPECT_EQ(frame(f.data), kStandardPacket);
}

TEST(Hj212Frame, Version2005PacketWithLowerCaseCrc) {
  const FrameResult f = next_frame(k2005Packet);
  ASSERT_EQ(f.status, FrameResult::Status::packet);
  const auto p = parse_data_segment(f.data);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->version, Version::v2005);
  EXPECT_FALSE(p->wants_answer());
  EXPECT_TRUE(p->qn.empty());
  EXPECT_EQ(p->cn, 2011);
  EXPECT_EQ(p->data_time, "20160103133030");
  ASSERT_EQ(p->values.size(), 4u);
  EXPECT_EQ(p->values[0].pollutant, "060");
  EXPECT_EQ(p->values[0].kind, "Rtd");
  EXPECT_DOUBLE_EQ(p->values[0].value, 3.0943);
  EXPECT_EQ(p->values[0].flag, 'N');
  EXPECT_EQ(p->values[3].pollutant, "B01");
}

TEST(Hj212Parse, HourlyValuesKindsAndFlags) {
  std::string why;
  const auto p = parse_data_segment(kHourly, &why);
  ASSERT_TRUE(p) << why;
  EXPECT_TRUE(p->is_data());
  ASSERT_EQ(p->values.size(), 6u);
  EXPECT_EQ(p->values[3].kind, "Cou");
  EXPECT_DOUBLE_EQ(p->values[3].value, 1.5);
  EXPECT_EQ(p->values[3].flag, 'N');
  EXPECT_EQ(p->values[5].kind, "ZsAvg");
  EXPECT_EQ(p->values[5].flag, 'M');
  // data_segment() writes what parse_data_segment() reads.
  const auto again = parse_data_segment(data_segment(*p), &why);
  ASSERT_TRUE(again) << why;
  ASSERT_EQ(again->values.size(), p->values.size());
  for (std::size_t i = 0; i < p->values.size(); ++i) {
    EXPECT_EQ(again->values[i].pollutant, p->values[i].pollutant);
    EXPECT_EQ(again->values[i].kind, p->values[i].kind);
    EXPECT_DOUBLE_EQ(again->values[i].value, p->values[i].value);
    EXPECT_EQ(again->values[i].flag, p->values[i].flag);
  }
}

TEST(Hj212Parse, EveryDataFlag) {
  for (const char flag : std::string("NFMSDCTBP")) {
    EXPECT_TRUE(is_data_flag(flag)) << flag;
    EXPECT_STRNE(data_flag_name_zh(flag), "") << flag;
    const std::string seg = std::string(
                                "QN=20240101010000123;ST=31;CN=2011;PW=1;MN=M1;Flag=4;CP=&&DataTime=20240101000000;"
                                "a21026-Rtd=1,a21026-Flag=") +
                            flag + "&&";
    std::string why;
    const auto p = parse_data_segment(seg, &why);
    ASSERT_TRUE(p) << flag << ": " << why;
    EXPECT_EQ(p->values.at(0).flag, flag);
  }
  for (const char flag : std::string("AXn0")) {
    EXPECT_FALSE(is_data_flag(flag)) << flag;
    const std::string seg =
        std::string("ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;a21026-Rtd=1,a21026-Flag=") + flag + "&&";
    std::string why;
    EXPECT_FALSE(parse_data_segment(seg, &why)) << flag;
    EXPECT_NE(why.find("not a data flag"), std::string::npos) << why;
  }
}

// The flag of a pollutant applies to each of its values wherever it stands among them (the parser keeps the flags
// as views of the CP text and applies them at the end), and only to that pollutant.
TEST(Hj212Parse, FlagsApplyToEveryValueOfTheirPollutantOnly) {
  std::string cp = "DataTime=20240101000000";
  const std::string kinds[] = {"Min", "Avg", "Max", "Cou"};
  for (int i = 0; i < 12; ++i) {
    const std::string code = fmt::format("a{:05d}", i);
    if (i % 3 == 1) cp += fmt::format(";{}-Flag={}", code, "NFMSDCTBP"[i % 9]);  // flag first
    for (const auto& k : kinds) cp += fmt::format("{}{}-{}={}.5", k == "Min" && i % 3 != 1 ? ";" : ",", code, k, i);
    if (i % 3 == 2) cp += fmt::format(",{}-Flag={}", code, "NFMSDCTBP"[i % 9]);  // flag last
  }
  std::string why;
  const auto p = parse_data_segment("ST=31;CN=2051;PW=1;MN=M1;Flag=5;CP=&&" + cp + "&&", &why);
  ASSERT_TRUE(p) << why << "\n" << cp;
  ASSERT_EQ(p->values.size(), 48u);
  for (std::size_t v = 0; v < p->values.size(); ++v) {
    const int i = static_cast<int>(v / 4);
    EXPECT_EQ(p->values[v].pollutant, fmt::format("a{:05d}", i));
    EXPECT_EQ(p->values[v].kind, kinds[v % 4]);
    EXPECT_EQ(p->values[v].value, i + 0.5);
    EXPECT_EQ(p->values[v].flag, i % 3 == 0 ? '\0' : "NFMSDCTBP"[i % 9]) << v;
  }
  EXPECT_TRUE(p->wants_answer());
}

// A value or a flag given twice refuses the packet (the check compares fingerprints, then text); a kind outside the
// standard's (Cou has no Zs form) is kept as another field, not as a value.
TEST(Hj212Parse, RepeatedValuesAndFlagsAndUnknownKinds) {
  const std::string head = "ST=31;CN=2051;PW=1;MN=M1;Flag=5;CP=&&DataTime=20240101000000;";
  for (const std::string& cp : {std::string("a21026-Avg=1,a21026-Max=2;a21002-Avg=3,a21026-Avg=4"),
                                std::string("a21026-Avg=1,a21026-Flag=N;a21002-Avg=3,a21026-Flag=N"),
                                std::string("w01018-ZsAvg=1;w01018-ZsAvg=1")}) {
    std::string why;
    EXPECT_FALSE(parse_data_segment(head + cp + "&&", &why)) << cp;
    EXPECT_NE(why.find("repeats"), std::string::npos) << cp << ": " << why;
  }
  std::string why;
  const auto p =
      parse_data_segment(head + "a21026-Avg=1,a21026-ZsAvg=2,a21026-ZsCou=3,a21026-Avgx=4;a21002-Avg=1&&", &why);
  ASSERT_TRUE(p) << why;
  ASSERT_EQ(p->values.size(), 3u);
  EXPECT_EQ(p->values[1].kind, "ZsAvg");
  EXPECT_EQ(p->values[2].pollutant, "a21002");
  ASSERT_EQ(p->fields.size(), 2u);
  EXPECT_EQ(p->fields[0].first, "a21026-ZsCou");
  EXPECT_EQ(p->fields[1].first, "a21026-Avgx");
}

TEST(Hj212Parse, EveryDataCommand) {
  for (const int cn : {2011, 2051, 2061, 2031}) {
    const std::string seg =
        "ST=31;CN=" + std::to_string(cn) + ";PW=1;MN=M1;Flag=5;CP=&&DataTime=20240101000000;a21026-Avg=1&&";
    const auto p = parse_data_segment(seg);
    ASSERT_TRUE(p) << cn;
    EXPECT_TRUE(p->is_data());
  }
}

TEST(Hj212Parse, Refusals) {
  const char* bad[] = {
      "ST=31;CN=2011;PW=1;MN=M1",                                                 // no CP
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000",                    // CP not closed
      "ST=31;CN=2011;PW=1;CP=&&DataTime=20240101000000;a-Rtd=1&&",                // no MN
      "ST=31;CN=2011;MN=M1;CP=&&DataTime=20240101000000;a-Rtd=1&&",               // no PW
      "ST=x;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;a-Rtd=1&&",           // ST not a number
      "ST=31;CN=2011;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000&&",          // repeated field
      "QN=123;ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000&&",           // QN not 17 digits
      "ST=31;CN=2011;PW=1;MN=M1;Flag=9;CP=&&DataTime=20240101000000&&",           // version 2
      "ST=31;CN=2011;PW=1;MN=M1;Flag=7;CP=&&DataTime=20240101000000&&",           // split without PNUM/PNO
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=2024010100000;a-Rtd=1&&",           // DataTime 13 digits
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240230000000;a-Rtd=1&&",          // 30 February
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;a-Rtd=x1&&",         // value not a number
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;a-Rtd=&&",           // empty value
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;a-Rtd=1,a-Rtd=2&&",  // repeated value
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&a-Rtd=1&&",                                  // data without DataTime
      "ST=31;CN=2011;PW=1;MN=M1;Foo=1;CP=&&DataTime=20240101000000&&",            // unknown field
      "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20240101000000;junk&&",             // CP item without =
      "",
  };
  for (const char* seg : bad) {
    std::string why;
    EXPECT_FALSE(parse_data_segment(seg, &why)) << seg;
    EXPECT_FALSE(why.empty()) << seg;
  }
}

TEST(Hj212Frame, RefusesBadCrcAndSkipsExactlyThePacket) {
  std::string bad = kStandardPacket;
  bad[bad.size() - 6] = '2';  // 1C80 -> 2C80
  const std::string stream = bad + kStandardPacket;
  FrameResult f = next_frame(stream);
  EXPECT_EQ(f.status, FrameResult::Status::refused);
  EXPECT_EQ(f.error, FrameError::bad_crc);
  EXPECT_EQ(f.consumed, bad.size());
  f = next_frame(std::string_view(stream).substr(f.consumed));
  EXPECT_EQ(f.status, FrameResult::Status::packet);
  // Non-hex CRC characters.
  std::string nonhex = kStandardPacket;
  nonhex[nonhex.size() - 3] = 'G';
  EXPECT_EQ(next_frame(nonhex).error, FrameError::bad_crc);
}

TEST(Hj212Frame, WrongLengthTruncatedOversizedGarbage) {
  // Declared length one short: the CRC lands on the wrong bytes and no \r\n follows.
  std::string wrong = kStandardPacket;
  wrong.replace(2, 4, "0100");
  FrameResult f = next_frame(wrong);
  EXPECT_EQ(f.status, FrameResult::Status::refused);
  EXPECT_EQ(f.error, FrameError::bad_trailer);
  // Non-digit length.
  EXPECT_EQ(next_frame("##01a1QN=").error, FrameError::bad_length);
  EXPECT_EQ(next_frame("##x").error, FrameError::bad_length);
  // Truncated: a prefix of a packet asks for more bytes, then a new packet arrives where the rest should be.
  for (std::size_t n = 1; n < kStandardPacket.size(); ++n)
    EXPECT_EQ(next_frame(std::string_view(kStandardPacket).substr(0, n)).status, FrameResult::Status::need_more) << n;
  const std::string truncated = kStandardPacket.substr(0, 60) + kStandardPacket + kStandardPacket;
  f = next_frame(truncated);
  EXPECT_EQ(f.status, FrameResult::Status::refused);
  EXPECT_EQ(f.consumed, 60u);  // resynchronised at the next ##
  EXPECT_EQ(next_frame(std::string_view(truncated).substr(60)).status, FrameResult::Status::packet);
  // Oversized: above the standard's 1024 or a smaller limit.
  EXPECT_EQ(next_frame("##1025").error, FrameError::oversized);
  EXPECT_EQ(next_frame(kStandardPacket, 100).error, FrameError::oversized);
  EXPECT_EQ(next_frame(kStandardPacket, 101).status, FrameResult::Status::packet);
  // Garbage before a packet is refused as one step; a lone trailing '#' is kept.
  const std::string garbage = "\x01\xff hello" + kStandardPacket;
  f = next_frame(garbage);
  EXPECT_EQ(f.error, FrameError::garbage);
  EXPECT_EQ(f.consumed, 8u);
  f = next_frame("abc#");
  EXPECT_EQ(f.error, FrameError::garbage);
  EXPECT_EQ(f.consumed, 3u);
  EXPECT_EQ(next_frame("").status, FrameResult::Status::need_more);
  EXPECT_EQ(next_frame("#").status, FrameResult::Status::need_more);
}

TEST(Hj212Answer, DataAndRequestAnswers) {
  const auto p = parse_data_segment(kHourly);
  ASSERT_TRUE(p);
  EXPECT_EQ(data_answer(*p), "QN=20240101010000123;ST=91;CN=9014;PW=123456;MN=EB000000000000000000A001;Flag=4;CP=&&&&");
  EXPECT_EQ(request_answer(*p, 3),
            "QN=20240101010000123;ST=91;CN=9011;PW=123456;MN=EB000000000000000000A001;Flag=4;CP=&&QnRtn=3&&");
  // The answers are packets themselves.
  const std::string answer = frame(data_answer(*p));
  const FrameResult f = next_frame(answer);
  ASSERT_EQ(f.status, FrameResult::Status::packet);
  const auto back = parse_data_segment(f.data);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->cn, 9014);
  EXPECT_EQ(back->qn, p->qn);
  EXPECT_FALSE(back->wants_answer());
  // 2005: the answer names the QN and CN in CP.
  const auto old =
      parse_data_segment("QN=20240101010000123;ST=32;CN=2051;PW=1;MN=M1;Flag=1;CP=&&DataTime=20240101000000&&");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->version, Version::v2005);
  EXPECT_TRUE(old->wants_answer());
  EXPECT_EQ(data_answer(*old), "ST=91;CN=9014;PW=1;MN=M1;CP=&&QN=20240101010000123;CN=2051&&");
}
