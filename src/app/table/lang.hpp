// The two languages every result is shown in (Chinese users first), and bilingual text.
#pragma once

#include <string>
#include <string_view>

namespace eb::app {

enum class Lang { zh, en };

inline std::string tr(Lang lang, std::string_view zh, std::string_view en) {
  return std::string(lang == Lang::zh ? zh : en);
}

// "zh" or "en"; the default comes from ECOBARRIER_LANG, else Chinese.
Lang default_lang();

}  // namespace eb::app
