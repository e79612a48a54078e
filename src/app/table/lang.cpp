#include "app/table/lang.hpp"

#include <cstdlib>

namespace eb::app {

Lang default_lang() {
  const char* env = std::getenv("ECOBARRIER_LANG");
  return env && std::string_view(env) == "en" ? Lang::en : Lang::zh;
}

}  // namespace eb::app
