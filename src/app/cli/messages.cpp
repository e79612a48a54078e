#include "app/cli/messages.hpp"

#include <cstdlib>

namespace eb::app {

Lang default_lang() {
  const char* env = std::getenv("ECOBARRIER_LANG");
  return env && std::string_view(env) == "en" ? Lang::en : Lang::zh;
}

std::string exit_code_help() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  unexpected internal failure\n"
         "  2  bad command line\n"
         "  3  input data rejected (file:line:column reported); nothing was stored\n"
         "  4  workspace missing, newer than this program, or unusable\n"
         "  5  a file could not be read or written\n";
}

}  // namespace eb::app
