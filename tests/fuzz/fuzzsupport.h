// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// Shared by the fuzz targets. Each target defines the two libFuzzer entry
// points; the fuzz preset links them with libFuzzer, every other preset with
// replaymain.cpp, which runs the committed corpus once as a regression test.
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace Fuzz {

// A broken invariant: says which, then aborts so that libFuzzer (or the
// replay driver under a sanitizer) reports the input that did it.
[[noreturn]] inline void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", what, detail.constData());
    std::abort();
}

inline void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition)
        fail(what, detail);
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace Fuzz
