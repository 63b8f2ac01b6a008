# Install-time script: generates hotspotd.service for the prefix being installed to and installs
# it. Expects HOTSPOT_UNIT_TEMPLATE, HOTSPOT_UNIT_WORK_DIR, HOTSPOT_UNIT_DIR (may be empty),
# HOTSPOT_DISTRO_UNIT_DIR and the relative GNUInstallDirs values HOTSPOT_SBINDIR,
# HOTSPOT_SYSCONFDIR and HOTSPOT_DOCDIR, set by systemd/CMakeLists.txt.
include("${CMAKE_CURRENT_LIST_DIR}/../packaging/InstallDirs.cmake")

hotspot_full_install_dir(CMAKE_INSTALL_FULL_SBINDIR "${HOTSPOT_SBINDIR}")
hotspot_full_install_dir(CMAKE_INSTALL_FULL_SYSCONFDIR "${HOTSPOT_SYSCONFDIR}")
hotspot_full_install_dir(CMAKE_INSTALL_FULL_DOCDIR "${HOTSPOT_DOCDIR}")

if(HOTSPOT_UNIT_DIR)
  set(unit_dir "${HOTSPOT_UNIT_DIR}")
elseif(CMAKE_INSTALL_PREFIX MATCHES "^/usr/?$")
  # The distribution's own unit directory: /lib/systemd/system on Debian 12.
  set(unit_dir "${HOTSPOT_DISTRO_UNIT_DIR}")
else()
  hotspot_full_install_dir(unit_dir "lib/systemd/system")
endif()

# One work file per destination, so that installs running at the same time (cpack in a test,
# cmake --install) do not write the same file.
string(SHA1 work_key "$ENV{DESTDIR}|${CMAKE_INSTALL_PREFIX}|${unit_dir}")
string(SUBSTRING "${work_key}" 0 12 work_key)
set(generated "${HOTSPOT_UNIT_WORK_DIR}/${work_key}/hotspotd.service")
configure_file("${HOTSPOT_UNIT_TEMPLATE}" "${generated}" @ONLY)
file(INSTALL DESTINATION "${unit_dir}" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${generated}")
