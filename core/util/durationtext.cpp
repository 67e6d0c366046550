// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/durationtext.h"

QString durationText(std::chrono::milliseconds duration)
{
    const qint64 ms = std::max<qint64>(0, duration.count());
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60'000) {
        const double seconds = double(ms) / 1000.0;
        return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                              : QStringLiteral("%1 s").arg(seconds, 0, 'f', ms < 10'000 ? 2 : 1);
    }
    const qint64 s = ms / 1000;
    const auto pair = [](qint64 big, const char *bigUnit, qint64 small, const char *smallUnit) {
        return small == 0 ? QStringLiteral("%1 %2").arg(big).arg(QLatin1String(bigUnit))
                          : QStringLiteral("%1 %2 %3 %4")
                                .arg(big)
                                .arg(QLatin1String(bigUnit))
                                .arg(small)
                                .arg(QLatin1String(smallUnit));
    };
    if (s < 3600)
        return pair(s / 60, "min", s % 60, "s");
    if (s < 86400)
        return pair(s / 3600, "h", (s % 3600) / 60, "min");
    return pair(s / 86400, "d", (s % 86400) / 3600, "h");
}
