// Bilingual text for what the CLI prints (Chinese users first).
#pragma once

#include <string>
#include <string_view>

#include "app/cli/output.hpp"

namespace eb::app {

inline std::string tr(Lang lang, std::string_view zh, std::string_view en) {
  return std::string(lang == Lang::zh ? zh : en);
}

// "zh" or "en"; the default comes from ECOBARRIER_LANG, else Chinese.
Lang default_lang();

// Exit-code reference printed by `ecobarrier --help` (also in docs/cli.md).
std::string exit_code_help();

}  // namespace eb::app
