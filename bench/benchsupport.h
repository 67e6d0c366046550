// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QProcess;

#include <chrono>

// Small helpers the benchmarks share: process CPU time, peak memory, and
// "--name value" arguments.
namespace Bench {

[[nodiscard]] double cpuSeconds(); // user + system time of this process
[[nodiscard]] double peakResidentMiB(); // VmHWM
[[nodiscard]] qint64 intArgument(const QStringList &arguments, const char *name, qint64 fallback);
[[nodiscard]] QString stringArgument(const QStringList &arguments, const char *name, const QString &fallback = {});

// Starts `retryscope --fault-server 0` as its own process (so that its work
// is not counted) and returns the port it chose, or -1 (with a message on
// stderr) when it did not start.
[[nodiscard]] int startFaultServer(QProcess &server, const QString &binary);

} // namespace Bench
