# SPDX-License-Identifier: GPL-3.0-or-later
# Fails unless the manual page documents every command-line option the
# program's own --help lists.
# cmake -DMANPAGE=installer/linux/retryscope.1 -DBINARY=build/dev/app/retryscope -P installer/check-manpage.cmake
file(READ "${MANPAGE}" text)
string(REPLACE "\\-" "-" text "${text}")
execute_process(COMMAND "${BINARY}" --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${BINARY} --help failed (${status})")
endif()
string(REGEX MATCHALL "--[a-z][a-z-]*" options "${help}")
list(REMOVE_DUPLICATES options)
list(LENGTH options count)
if(count LESS 10)
    message(FATAL_ERROR "${BINARY} --help lists only ${count} options: ${options}")
endif()
foreach(option IN LISTS options)
    string(FIND "${text}" "${option}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${MANPAGE} does not document ${option}")
    endif()
endforeach()
message(STATUS "${MANPAGE}: every command-line option is documented (${count})")
