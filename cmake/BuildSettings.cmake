# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the build settings every Retryscope target
# shares (the way qBittorrent's qbt_common_cfg does), instead of
# directory-wide add_definitions/include_directories.
add_library(retryscope_build_settings INTERFACE)

target_compile_features(retryscope_build_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

# The warnings KDE's and qBittorrent's builds turn on beyond -Wall -Wextra:
# a base class deleted through a pointer without a virtual destructor, an
# override that hides the base's other overloads, a cast that drops const,
# and printf-style formats that are not literals.
target_compile_options(retryscope_build_settings INTERFACE
    -Wall -Wextra -Wpedantic
    -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual -Wformat=2
    $<$<BOOL:${RETRYSCOPE_WARNINGS_AS_ERRORS}>:-Werror>)

# Hardening for optimised builds, as Debian's own packages are built:
# checked buffer functions, stack protector, and a read-only relocation
# table resolved at start (full RELRO). Not under the sanitizers, which do
# their own checking and dislike _FORTIFY_SOURCE's replacements.
if(NOT RETRYSCOPE_SANITIZERS)
    set(_rs_optimised "$<OR:$<CONFIG:Release>,$<CONFIG:RelWithDebInfo>,$<CONFIG:MinSizeRel>>")
    # -U first: a compiler that already defines it must not warn of a redefinition.
    target_compile_options(retryscope_build_settings INTERFACE
        "$<${_rs_optimised}:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>" -fstack-protector-strong)
    target_link_options(retryscope_build_settings INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()

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
