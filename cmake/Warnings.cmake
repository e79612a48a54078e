# One warning policy for every target of the project.
add_library(ecobarrier_warnings INTERFACE)
target_compile_options(ecobarrier_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
# GCC 12 reports -Wmaybe-uninitialized false positives inside std::optional and std::variant at -O2
# (GCC bugs 80635, 105593); every real uninitialised read is also caught by -Wuninitialized and valgrind.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(ecobarrier_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
if(ECOBARRIER_WERROR)
  target_compile_options(ecobarrier_warnings INTERFACE -Werror)
endif()
