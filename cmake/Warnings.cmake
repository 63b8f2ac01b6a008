# Warnings are errors everywhere; sanitizers apply to every target when asked for.
add_compile_options(-Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports impossible overlaps in std::string's inlined memcpy at -O2/-O3
  # (GCC bug 105651); the warning stays on for the debug and sanitizer builds.
  add_compile_options($<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)
endif()

if(HOTSPOT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
