// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/consoleformat.h"

#include "core/store/recordcsv.h"

QString ConsoleFormat::attemptLine(const AttemptRecord &r)
{
    QString line
        = QStringLiteral("%1  %2 #%3.%4 %5 %6 %7 %8")
              .arg(RecordCsv::timestamp(r.timeUtc))
              .arg(r.endpoint, -14)
              .arg(r.cycle)
              .arg(r.attempt)
              .arg(QString(outcomeName(r.outcome)), -8)
              .arg(QString(categoryName(r.category)), -18)
              .arg(r.httpStatus ? QString::number(*r.httpStatus) : QStringLiteral("-"), 3)
              .arg(r.latency ? QStringLiteral("%1 ms").arg(r.latency->count()) : QStringLiteral("not sent"), 9);
    if (r.delay)
        line += QStringLiteral("  wait %1 ms").arg(r.delay->count());
    if (r.retryAfter)
        line += QStringLiteral("  retry-after %1 ms").arg(r.retryAfter->count());
    if (r.reason)
        line += QStringLiteral("  ended: %1").arg(reasonName(*r.reason));
    line += QStringLiteral("  [%1]").arg(breakerStateName(r.breakerState));
    if (!r.error.isEmpty() && r.category != ErrorCategory::Ok && !r.httpStatus)
        line += QStringLiteral("  %1").arg(r.error);
    return line;
}

QString ConsoleFormat::transitionLine(const BreakerTransition &t)
{
    return QStringLiteral("%1  BREAKER %2: %3 -> %4 (%5)")
        .arg(RecordCsv::timestamp(t.timeUtc), t.breaker, breakerStateName(t.from), breakerStateName(t.to), t.reason);
}
