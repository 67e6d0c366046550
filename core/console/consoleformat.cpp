// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/console/consoleformat.h"

#include "core/store/recordcsv.h"
#include "core/util/latewake.h"
#include "core/util/messagetext.h"

namespace {

// "up to 2 s": the window the scheduler and the client spread over.
QString spreadWindowText()
{
    return QStringLiteral("up to ") + QString::number(double(LateWake::spreadWindow.count()) / 1000.0)
        + QStringLiteral(" s");
}

} // namespace

// Built by concatenation, not chained arg(): a %N inside an endpoint name
// or an error text must be printed, not filled in by a later argument.
// Text from outside is kept to one line (MessageText::oneLine).
QString ConsoleFormat::attemptLine(const AttemptRecord &r)
{
    QString line = RecordCsv::timestamp(r.timeUtc) + QStringLiteral("  ")
        + MessageText::oneLine(r.endpoint).leftJustified(14) + QStringLiteral(" #") + QString::number(r.cycle) + u'.'
        + QString::number(r.attempt) + u' ' + QString(outcomeName(r.outcome)).leftJustified(8) + u' '
        + QString(categoryName(r.category)).leftJustified(18) + u' '
        + (r.httpStatus ? QString::number(*r.httpStatus) : QStringLiteral("-")).rightJustified(3) + u' '
        + (r.latency ? QString::number(r.latency->count()) + QStringLiteral(" ms") : QStringLiteral("not sent"))
              .rightJustified(9);
    if (r.slow)
        line += QStringLiteral("  slow call");
    if (r.rateLimitRemaining) {
        line += QStringLiteral("  quota ") + QString::number(*r.rateLimitRemaining) + QStringLiteral(" left");
        if (r.rateLimitReset)
            line += QStringLiteral(", resets in ") + QString::number(r.rateLimitReset->count()) + QStringLiteral(" ms");
    }
    if (r.delay) {
        line += QStringLiteral("  wait ") + QString::number(r.delay->count()) + QStringLiteral(" ms");
        const auto ms = [](const auto &value) { return value ? std::optional<qint64>(value->count()) : std::nullopt; };
        if (waitSource(r.delay->count(), ms(r.retryAfter), r.rateLimitRemaining, ms(r.rateLimitReset))
            == WaitSource::Pacing)
            line += QStringLiteral(" for the quota");
    }
    if (r.retryAfter)
        line += QStringLiteral("  retry-after ") + QString::number(r.retryAfter->count()) + QStringLiteral(" ms");
    if (r.reason)
        line += QStringLiteral("  ended: ") + QString(reasonName(*r.reason));
    line += QStringLiteral("  [") + QString(breakerStateName(r.breakerState)) + u']';
    // A status says what went wrong, except when a check failed on it or
    // when it may be a proxy's rather than the server's.
    if (!r.error.isEmpty() && r.category != ErrorCategory::Ok
        && (!r.httpStatus || r.category == ErrorCategory::AssertionFailed || !r.proxy.isEmpty()))
        line += QStringLiteral("  ") + MessageText::oneLine(r.error);
    return line;
}

QString ConsoleFormat::transitionLine(const BreakerTransition &t)
{
    return QStringLiteral("%1  BREAKER %2: %3 -> %4 (%5)")
        .arg(RecordCsv::timestamp(t.timeUtc), MessageText::oneLine(t.breaker), breakerStateName(t.from),
             breakerStateName(t.to), MessageText::oneLine(t.reason));
}

QString ConsoleFormat::connectivityLine(const QDateTime &timeUtc, bool online, const QString &reason)
{
    if (online)
        return RecordCsv::timestamp(timeUtc)
            + QStringLiteral("  ONLINE: the connectivity check passed; polling resumes, the endpoints spread over ")
            + spreadWindowText();
    return RecordCsv::timestamp(timeUtc) + QStringLiteral("  OFFLINE: ") + MessageText::oneLine(reason)
        + QStringLiteral("; no endpoint is polled and no breaker moves until the check passes again");
}

QString ConsoleFormat::lateWakeLine(const QDateTime &timeUtc, std::chrono::milliseconds late, int overdue)
{
    return RecordCsv::timestamp(timeUtc)
        + QStringLiteral("  WOKE %1 s late (the process did not run: a suspend or a stop); ")
              .arg(QString::number(double(late.count()) / 1000.0, 'f', 1))
        + (overdue == 1 ? QStringLiteral("1 overdue endpoint starts now")
                        : QString::number(overdue) + QStringLiteral(" overdue endpoints start spread over ")
                   + spreadWindowText());
}
