# Install-time helper, included from the install scripts of systemd/ and packaging/.
#
# Files that name absolute paths (the unit) or must land under /etc are placed from the prefix in
# effect when installing, not the one seen when configuring: `cpack` installs with the prefix
# /usr whatever the build directory was configured with, and `cmake --install --prefix P` may
# choose another. The rule is GNUInstallDirs': relative to the prefix, except that the /usr prefix
# keeps configuration under /etc.

# Sets `out` to the absolute form of the GNUInstallDirs directory `dir` (e.g. "sbin", "etc").
function(hotspot_full_install_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(full "${dir}")
  elseif(CMAKE_INSTALL_PREFIX MATCHES "^/(usr/?)?$" AND dir MATCHES "^(etc|var)(/|$)")
    set(full "/${dir}")
  else()
    string(REGEX REPLACE "/+$" "" prefix "${CMAKE_INSTALL_PREFIX}")
    set(full "${prefix}/${dir}")
  endif()
  set(${out} "${full}" PARENT_SCOPE)
endfunction()
