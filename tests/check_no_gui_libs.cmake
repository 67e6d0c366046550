# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DBINARY=<executable> -P check_no_gui_libs.cmake
# Fails when the executable loads a Qt GUI library.
if(NOT BINARY OR NOT EXISTS "${BINARY}")
    message(FATAL_ERROR "BINARY not given or missing: '${BINARY}'")
endif()
execute_process(COMMAND ldd "${BINARY}" OUTPUT_VARIABLE libs RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ldd failed on ${BINARY}")
endif()
if(NOT libs MATCHES "libQt6Core")
    message(FATAL_ERROR "ldd output does not list libQt6Core; the check would prove nothing:\n${libs}")
endif()
foreach(gui IN ITEMS libQt6Gui libQt6Widgets libQt6Charts libQt6OpenGL)
    if(libs MATCHES "${gui}")
        message(FATAL_ERROR "${BINARY} links only retryscope_core, yet loads ${gui}:\n${libs}")
    endif()
endforeach()
message(STATUS "retryscope_core pulls in no GUI library")
