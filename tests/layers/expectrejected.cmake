# SPDX-License-Identifier: GPL-3.0-or-later
# Shows that the build refuses an include that breaks core's layers
# (cmake/CoreLayers.cmake): copies core/ and the check into WORK, checks that
# the copy passes as it is, then adds `#include "INCLUDE"` to FILE (creating
# FILE if it does not exist) and expects the check to fail with a message
# matching EXPECT.
#   cmake -DROOT=<source dir> -DWORK=<scratch dir> -DFILE=core/x/y.h
#         -DINCLUDE=core/z/w.h -DEXPECT=<regex> -P expectrejected.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var ROOT WORK FILE INCLUDE EXPECT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "expectrejected.cmake: -D${var}=... is missing")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${ROOT}/core" "${ROOT}/cmake" DESTINATION "${WORK}")

function(run_check out_result out_output)
    execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${WORK} -P "${WORK}/cmake/CoreLayers.cmake"
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    set(${out_result} "${result}" PARENT_SCOPE)
    set(${out_output} "${output}" PARENT_SCOPE)
endfunction()

run_check(result output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "the unchanged copy of core/ should pass, but:\n${output}")
endif()

file(APPEND "${WORK}/${FILE}" "\n#include \"${INCLUDE}\"\n")
run_check(result output)
if(result EQUAL 0)
    message(FATAL_ERROR "${FILE} including ${INCLUDE} was accepted")
endif()
if(NOT output MATCHES "${EXPECT}")
    message(FATAL_ERROR "rejected, but the message does not match '${EXPECT}':\n${output}")
endif()
message(STATUS "rejected as it should be:\n${output}")
file(REMOVE_RECURSE "${WORK}")
