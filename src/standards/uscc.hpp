// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from
// 0-9 and A-Y without I, O, Z, S, V; the 18th is a check character over the first 17 (weights 3^i mod 31).
#pragma once

#include <optional>
#include <string_view>

namespace eb::standards {

// The check character of the first 17 characters, or nullopt when one of them is outside the code's alphabet.
std::optional<char> uscc_check_char(std::string_view first17);
// 18 characters of the alphabet with the right check character.
bool is_valid_uscc(std::string_view code);

}  // namespace eb::standards
