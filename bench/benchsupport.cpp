// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/benchsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>
#include <sys/resource.h>

double Bench::cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Bench::peakResidentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

qint64 Bench::intArgument(const QStringList &arguments, const char *name, qint64 fallback)
{
    const qsizetype at = arguments.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < arguments.size() ? arguments[at + 1].toLongLong() : fallback;
}

QString Bench::stringArgument(const QStringList &arguments, const char *name, const QString &fallback)
{
    const qsizetype at = arguments.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < arguments.size() ? arguments[at + 1] : fallback;
}

int Bench::startFaultServer(QProcess &server, const QString &binary)
{
    server.start(binary, {QStringLiteral("--fault-server"), QStringLiteral("0")});
    if (!server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "fault server did not start\n");
        return -1;
    }
    return QRegularExpression(QStringLiteral(":(\\d+)"))
        .match(QString::fromUtf8(server.readLine()))
        .captured(1)
        .toInt();
}
