// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <chrono>

// Small helpers the benchmarks share: process CPU time, peak memory, and
// "--name value" arguments.
namespace Bench {

[[nodiscard]] double cpuSeconds(); // user + system time of this process
[[nodiscard]] double peakResidentMiB(); // VmHWM
[[nodiscard]] qint64 intArgument(const QStringList &arguments, const char *name, qint64 fallback);
[[nodiscard]] QString stringArgument(const QStringList &arguments, const char *name, const QString &fallback = {});

} // namespace Bench
