#include "standards/uscc.hpp"

namespace eb::standards {

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
}

std::optional<char> uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return std::nullopt;
  int sum = 0, weight = 1;
  for (const char c : first17) {
    const std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    sum += static_cast<int>(v) * weight;
    weight = weight * 3 % 31;
  }
  return kAlphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

bool is_valid_uscc(std::string_view code) {
  if (code.size() != 18) return false;
  const auto check = uscc_check_char(code.substr(0, 17));
  return check && *check == code[17];
}

}  // namespace eb::standards
