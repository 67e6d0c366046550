// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/labday.h"

#include <QTimeZone>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace Bench {

// A day of a service polled every second: 10 ms answers, an outage of 2
// minutes every hour (503s), a 429 with Retry-After 5 s every 10 minutes,
// the odd timeout. What one endpoint's history of a day holds.
QList<AttemptRecord> day(qint64 seconds, int variant)
{
    const QDateTime origin(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc());
    QList<AttemptRecord> records;
    records.reserve(seconds);
    for (qint64 k = 0; k < seconds; ++k) {
        AttemptRecord r;
        r.timeUtc = origin.addMSecs(k * 1000 + variant);
        r.endpoint = QStringLiteral("api");
        r.cycle = k + 1;
        r.attempt = 1;
        r.latency = milliseconds(10 + (k * 7 + variant) % 13);
        const qint64 inHour = (k + variant * 37) % 3600;
        if (inHour < 120) {
            r.category = ErrorCategory::ServerError;
            r.httpStatus = 503;
        } else if (k % 600 == 300) {
            r.category = ErrorCategory::RateLimited;
            r.httpStatus = 429;
            r.retryAfter = 5000ms;
        } else if (k % 997 == 0) {
            r.category = ErrorCategory::Timeout;
            r.latency = 5000ms;
        } else {
            r.category = ErrorCategory::Ok;
            r.httpStatus = 200;
        }
        r.outcome = r.category == ErrorCategory::Ok ? AttemptOutcome::Success : AttemptOutcome::Failed;
        records << r;
    }
    return records;
}

Endpoint labEndpoint()
{
    Endpoint e;
    e.name = QStringLiteral("api");
    e.url = QUrl(QStringLiteral("http://api.invalid/health"));
    e.interval = 1s;
    e.timeout = 5s;
    return e;
}

} // namespace Bench
