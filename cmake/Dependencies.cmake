# All dependencies come from Debian 12 packages (see scripts/lib/deps.sh for the list).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)

pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(CXXOPTS REQUIRED IMPORTED_TARGET cxxopts)
pkg_check_modules(CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

# Debian's mbedTLS 2.28 ships neither a CMake package nor a pkg-config file.
find_path(MBEDTLS_INCLUDE_DIR mbedtls/version.h REQUIRED)
find_library(MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
add_library(mbedcrypto INTERFACE)
target_include_directories(mbedcrypto SYSTEM INTERFACE ${MBEDTLS_INCLUDE_DIR})
target_link_libraries(mbedcrypto INTERFACE ${MBEDCRYPTO_LIBRARY})
# TLS (API-SSL, HTTPS) needs the X.509 and TLS parts too.
find_library(MBEDX509_LIBRARY mbedx509 REQUIRED)
find_library(MBEDTLS_LIBRARY mbedtls REQUIRED)
add_library(mbedtls INTERFACE)
target_link_libraries(mbedtls INTERFACE ${MBEDTLS_LIBRARY} ${MBEDX509_LIBRARY} mbedcrypto)

if(HOTSPOT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
