// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/recordcsv.h"

#include "core/store/attemptcolumns.h"
#include "core/store/csv.h"

#include <QUrl>

namespace {

// Columns holding free text, which get the formula guard: endpoint, reason.
// The others hold timestamps or fixed enum names.
const QList<int> transitionTextColumns{1, 4};

} // namespace

QString RecordCsv::timestamp(const QDateTime &time)
{
    QByteArray out;
    appendTimestamp(out, time.toMSecsSinceEpoch());
    return QString::fromLatin1(out);
}

void RecordCsv::appendTimestamp(QByteArray &out, qint64 epochMs)
{
    char buffer[timestampBytes];
    writeTimestamp(buffer, epochMs);
    out.append(buffer, timestampBytes);
}

void RecordCsv::writeTimestamp(char *buffer, qint64 epochMs)
{
    constexpr qint64 msPerDay = 86'400'000;
    qint64 days = epochMs / msPerDay;
    qint64 msOfDay = epochMs % msPerDay;
    if (msOfDay < 0) {
        msOfDay += msPerDay;
        --days;
    }
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    const auto put = [buffer](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            buffer[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    buffer[4] = '-';
    put(5, month, 2);
    buffer[7] = '-';
    put(8, day, 2);
    buffer[10] = 'T';
    put(11, msOfDay / 3'600'000, 2);
    buffer[13] = ':';
    put(14, msOfDay / 60'000 % 60, 2);
    buffer[16] = ':';
    put(17, msOfDay / 1000 % 60, 2);
    buffer[19] = '.';
    put(20, msOfDay % 1000, 3);
    buffer[23] = 'Z';
}

QString RecordCsv::exportedUrl(const QString &url)
{
    // No '@': no user-info, and the stored form is already fully encoded.
    return url.contains(u'@') ? redactedUrl(QUrl(url)) : url;
}

const QStringList &RecordCsv::attemptHeader()
{
    static const QStringList header = AttemptColumns::csvHeader(2);
    return header;
}

QStringList RecordCsv::attemptHeaderV1()
{
    return AttemptColumns::csvHeader(1);
}

QByteArray RecordCsv::attemptLine(const AttemptRecord &record, qsizetype columns)
{
    QByteArray line;
    Csv::Writer out(line);
    qsizetype written = 0;
    for (const AttemptColumns::Column &c : AttemptColumns::all()) {
        if (c.csvVersion == 0 || (columns >= 0 && written == columns))
            break; // the log's columns come first
        out.reserve(1);
        if (written++ > 0)
            out.put(',');
        if (!c.csvOnlyWhenSent || record.latency)
            AttemptColumns::appendCsvField(out, c.kind, c.get(record));
    }
    out.reserve(2);
    out.raw("\r\n");
    out.finish();
    return line;
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
