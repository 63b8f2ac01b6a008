# Install-time script: installs the default config under SYSCONFDIR/hotspot-edge for the prefix
# being installed to (/etc for /usr). An existing config is kept: on a live machine it is the
# administrator's (the .deb marks it a conffile, so dpkg asks instead).
# Expects HOTSPOT_SYSCONFDIR (relative or absolute) and HOTSPOT_DEFAULT_CONFIG.
include("${CMAKE_CURRENT_LIST_DIR}/InstallDirs.cmake")

hotspot_full_install_dir(sysconfdir "${HOTSPOT_SYSCONFDIR}")
set(config_dir "${sysconfdir}/hotspot-edge")
if(EXISTS "$ENV{DESTDIR}${config_dir}/hotspotd.json")
  message(STATUS "Keeping: $ENV{DESTDIR}${config_dir}/hotspotd.json")
else()
  file(INSTALL DESTINATION "${config_dir}" TYPE FILE
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
       FILES "${HOTSPOT_DEFAULT_CONFIG}")
endif()
