# Warnings are errors everywhere; sanitizers apply to every target when asked for.
add_compile_options(-Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wpedantic)

if(HOTSPOT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
