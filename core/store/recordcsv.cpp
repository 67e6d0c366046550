// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/recordcsv.h"

#include "core/store/csv.h"

#include <QUrl>

namespace {

QString number(const std::optional<std::chrono::milliseconds> &value)
{
    return value ? QString::number(value->count()) : QString();
}

// Columns holding free text, which get the formula guard: endpoint, method,
// url, error (attempts); endpoint, reason (transitions). The others hold
// numbers, timestamps or fixed enum names.
const QList<int> attemptTextColumns{1, 2, 3, 15};
const QList<int> transitionTextColumns{1, 4};

} // namespace

QString RecordCsv::timestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

const QStringList &RecordCsv::attemptHeader()
{
    static const QStringList header{
        QStringLiteral("time_utc"),  QStringLiteral("endpoint"),       QStringLiteral("method"),
        QStringLiteral("url"),       QStringLiteral("cycle"),          QStringLiteral("attempt"),
        QStringLiteral("outcome"),   QStringLiteral("category"),       QStringLiteral("http_status"),
        QStringLiteral("retriable"), QStringLiteral("reason"),         QStringLiteral("latency_ms"),
        QStringLiteral("delay_ms"),  QStringLiteral("retry_after_ms"), QStringLiteral("breaker_state"),
        QStringLiteral("error")};
    return header;
}

QStringList RecordCsv::attemptFields(const AttemptRecord &r)
{
    return {timestamp(r.timeUtc),
            r.endpoint,
            QString::fromLatin1(r.method),
            redactedUrl(QUrl(r.url)), // again here: whatever a record holds, no credential is exported
            QString::number(r.cycle),
            QString::number(r.attempt),
            QString(outcomeName(r.outcome)),
            QString(categoryName(r.category)),
            r.httpStatus ? QString::number(*r.httpStatus) : QString(),
            r.retriable ? (*r.retriable ? QStringLiteral("true") : QStringLiteral("false")) : QString(),
            r.reason ? QString(reasonName(*r.reason)) : QString(),
            number(r.latency),
            number(r.delay),
            number(r.retryAfter),
            QString(breakerStateName(r.breakerState)),
            r.error};
}

QByteArray RecordCsv::attemptLine(const AttemptRecord &record)
{
    return Csv::line(attemptFields(record), attemptTextColumns);
}

const QStringList &RecordCsv::transitionHeader()
{
    static const QStringList header{QStringLiteral("time_utc"), QStringLiteral("endpoint"), QStringLiteral("from"),
                                    QStringLiteral("to"), QStringLiteral("reason")};
    return header;
}

QStringList RecordCsv::transitionFields(const BreakerTransition &t)
{
    return {timestamp(t.timeUtc), t.breaker, QString(breakerStateName(t.from)), QString(breakerStateName(t.to)),
            t.reason};
}

QByteArray RecordCsv::transitionLine(const BreakerTransition &transition)
{
    return Csv::line(transitionFields(transition), transitionTextColumns);
}
