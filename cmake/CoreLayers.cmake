# SPDX-License-Identifier: GPL-3.0-or-later
# The core's folders in layers, bottom first (docs/architecture.md). A file may
# include headers of its own folder and of folders on lower layers; folders on
# the same layer do not include each other; nothing in core/ includes ui/ or
# app/. An include that breaks this stops the build with the line that has it.
#
# Run as a script (cmake -DROOT=<source dir> [-DSTAMP=<file>] -P this file) by
# the build before the core library is compiled, and by
# tests/layers/expectrejected.cmake on trees made to break the rule.
#
# Written with CMake's own file and regex commands rather than a compiler pass:
# the rule is about which folder a quoted include names, which a line match
# answers exactly, and it runs on every machine that can configure the project.

if(CMAKE_SCRIPT_MODE_FILE)
    cmake_minimum_required(VERSION 3.25) # as a script: the project's policies (IN_LIST)
endif()

set(RETRYSCOPE_CORE_LAYERS
    "util"
    "policy"
    "breaker"
    "config" # the endpoints file: Endpoint and everything that reads or writes it
    "net" # the retrying client
    "store,faultserver" # history and CSV; the built-in test server
    "monitor,console" # the scheduler and the monitor that runs the endpoints; console lines
    "metrics,dashboard,lab" # what Prometheus and the window are given; the policy lab
)

# Sets <out_var> to the layer number of `folder`, or -1 if it has none.
function(retryscope_core_layer folder out_var)
    set(number 0)
    foreach(layer IN LISTS RETRYSCOPE_CORE_LAYERS)
        string(REPLACE "," ";" members "${layer}")
        if(folder IN_LIST members)
            set(${out_var} ${number} PARENT_SCOPE)
            return()
        endif()
        math(EXPR number "${number} + 1")
    endforeach()
    set(${out_var} -1 PARENT_SCOPE)
endfunction()

# Checks every .h and .cpp under <root>/core; stops with every broken line.
function(retryscope_check_core_layers root)
    file(GLOB_RECURSE files RELATIVE "${root}" "${root}/core/*.h" "${root}/core/*.cpp")
    list(SORT files)
    set(problems "")
    foreach(file IN LISTS files)
        if(NOT file MATCHES "^core/([^/]+)/[^/]+$")
            list(APPEND problems "${file}: core's files live one folder deep (core/<folder>/<file>)")
            continue()
        endif()
        set(folder "${CMAKE_MATCH_1}")
        retryscope_core_layer(${folder} layer)
        if(layer LESS 0)
            list(APPEND problems "${file}: core/${folder}/ is on no layer; add it to cmake/CoreLayers.cmake")
            continue()
        endif()
        file(STRINGS "${root}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
        foreach(line IN LISTS lines)
            if(NOT line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
                continue()
            endif()
            set(included "${CMAKE_MATCH_1}")
            if(included MATCHES "^(ui|app)/")
                list(APPEND problems "${file}: includes ${included}: core never includes the window or the program")
            elseif(included MATCHES "^core/([^/]+)/")
                set(target "${CMAKE_MATCH_1}")
                if(target STREQUAL folder)
                    continue()
                endif()
                retryscope_core_layer(${target} target_layer)
                if(target_layer LESS 0 OR NOT target_layer LESS layer)
                    string(CONCAT problem "${file}: includes ${included}: core/${folder}/ may not include "
                                          "core/${target}/ (a folder includes only folders on lower layers, "
                                          "see cmake/CoreLayers.cmake)")
                    list(APPEND problems "${problem}")
                endif()
            endif()
        endforeach()
    endforeach()
    if(problems)
        list(JOIN problems "\n  " text)
        message(FATAL_ERROR "core's layers are broken:\n  ${text}")
    endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND ROOT)
    retryscope_check_core_layers("${ROOT}")
    if(STAMP)
        file(TOUCH "${STAMP}")
    endif()
endif()
