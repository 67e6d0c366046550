// SPDX-License-Identifier: GPL-3.0-or-later
#include "laboutage.h"

#include <QTimeZone>

using namespace std::chrono_literals;

namespace LabOutage {

QDateTime origin()
{
    return QDateTime(QDate(2026, 12, 3), QTime(9, 0), QTimeZone::utc());
}

QList<AttemptRecord> records()
{
    QList<AttemptRecord> records;
    for (int k = 0; k < 30; ++k) {
        const bool down = k >= 10 && k < 20;
        AttemptRecord r;
        r.timeUtc = origin().addMSecs(k * 1000);
        r.endpoint = QStringLiteral("api");
        r.url = QStringLiteral("http://api.invalid/health");
        r.cycle = k + 1;
        r.attempt = 1;
        r.outcome = down ? AttemptOutcome::Failed : AttemptOutcome::Success;
        r.category = down ? ErrorCategory::ServerError : ErrorCategory::Ok;
        r.httpStatus = down ? 503 : 200;
        r.latency = 10ms;
        if (down)
            r.reason = CycleEndReason::MaxAttempts;
        records << r;
    }
    return records;
}

Endpoint endpoint(int maxAttempts)
{
    Endpoint e;
    e.name = QStringLiteral("api");
    e.url = QUrl(QStringLiteral("http://api.invalid/health"));
    e.interval = 1s;
    e.timeout = 500ms;
    e.retry.maxAttempts = maxAttempts;
    e.retry.initialDelay = 100ms;
    e.retry.multiplier = 1;
    e.retry.jitter = JitterMode::None;
    e.budget.enabled = false;
    e.breaker.enabled = false;
    return e;
}

} // namespace LabOutage
