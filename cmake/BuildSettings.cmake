# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the build settings every Retryscope target
# shares (the way qBittorrent's qbt_common_cfg does), instead of
# directory-wide add_definitions/include_directories.
add_library(retryscope_build_settings INTERFACE)

target_compile_features(retryscope_build_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_options(retryscope_build_settings INTERFACE
    -Wall -Wextra -Wpedantic
    $<$<BOOL:${RETRYSCOPE_WARNINGS_AS_ERRORS}>:-Werror>)

target_compile_definitions(retryscope_build_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    # Anything deprecated in the floor version is off limits.
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    RETRYSCOPE_VERSION="${PROJECT_VERSION}")

# Every first-party include is rooted at the source tree: #include "core/...".
target_include_directories(retryscope_build_settings INTERFACE "${PROJECT_SOURCE_DIR}")

if(RETRYSCOPE_SANITIZERS)
    list(JOIN RETRYSCOPE_SANITIZERS "," _rs_sanitizers)
    target_compile_options(retryscope_build_settings INTERFACE
        -fsanitize=${_rs_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(retryscope_build_settings INTERFACE -fsanitize=${_rs_sanitizers})
endif()

if(RETRYSCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "RETRYSCOPE_FUZZ needs clang (libFuzzer): use the fuzz preset")
    endif()
    # Coverage instrumentation for everything the fuzz targets reach; the
    # targets themselves link libFuzzer (tests/fuzz/CMakeLists.txt).
    target_compile_options(retryscope_build_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()
