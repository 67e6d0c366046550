# SPDX-License-Identifier: GPL-3.0-or-later
# Fails unless the manual page documents every command-line option (including --metrics-*).
# cmake -DMANPAGE=installer/linux/retryscope.1 -P installer/check-manpage.cmake
file(READ "${MANPAGE}" text)
string(REPLACE "\\-" "-" text "${text}")
foreach(option IN ITEMS --config --demo --headless --duration --csv --transitions-csv --fault-server --metrics-port --metrics-address --version --help)
    string(FIND "${text}" "${option}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${MANPAGE} does not document ${option}")
    endif()
endforeach()
message(STATUS "${MANPAGE}: every command-line option is documented")
