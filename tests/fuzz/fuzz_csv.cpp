// SPDX-License-Identifier: GPL-3.0-or-later
// The CSV writer (core/store/csv, core/store/recordcsv) against an
// independent RFC 4180 reader (tests/support/rfc4180reader).
// Input: records separated by 0x1E, fields by 0x1F; the first 8 bytes also
// give a timestamp. Invariants: every line reads back to exactly the fields
// written, each in its formula-guarded form; the string writer and the bulk
// byte writer produce the same bytes; an attempt line has docs/attempt-log.md's
// columns and never shows URL credentials; the hand-written timestamp
// formatter agrees with Qt's for every representable year.
#include "core/store/csv.h"
#include "core/store/recordcsv.h"
#include "tests/fuzz/fuzzsupport.h"
#include "tests/support/rfc4180reader.h"

#include <QTimeZone>
#include <QUrl>

#include <cstring>

namespace {

void checkRecord(const QStringList &fields)
{
    QList<int> all;
    QStringList guarded;
    QByteArray bulk;
    Csv::Writer writer(bulk);
    for (qsizetype i = 0; i < fields.size(); ++i) {
        all.append(int(i));
        guarded.append(Csv::guardFormula(fields[i]));
        const QByteArray utf8 = fields[i].toUtf8();
        writer.reserve(Csv::fieldBound(utf8) + 3);
        if (i > 0)
            writer.put(',');
        writer.field(utf8, true);
    }
    writer.raw("\r\n");
    writer.finish();

    const QByteArray line = Csv::line(fields, all);
    Fuzz::check(line == bulk, "Csv::line and Csv::Writer disagree", line + "\n" + bulk);
    const Rfc4180Result read = readRfc4180(line);
    Fuzz::check(read.error.isEmpty(), "the writer produced invalid RFC 4180", read.error.toUtf8() + '\n' + line);
    Fuzz::check(read.records.size() == 1, "one line read back as several records", line);
    Fuzz::check(read.records.front() == guarded, "fields did not read back", line);
    for (const QString &field : read.records.front()) {
        const QChar first = field.isEmpty() ? QChar() : field.front();
        Fuzz::check(first != u'=' && first != u'+' && first != u'-' && first != u'@' && first != u'\t'
                        && first != u'\r',
                    "a field that a spreadsheet would run as a formula", line);
    }
}

void checkAttemptLine(const QStringList &fields, qint64 epochMs)
{
    AttemptRecord record;
    record.timeUtc = QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc());
    record.endpoint = fields.value(0);
    record.url = fields.value(1);
    record.error = fields.value(2);
    const Rfc4180Result read = readRfc4180(RecordCsv::attemptLine(record));
    Fuzz::check(read.error.isEmpty() && read.records.size() == 1, "an attempt line does not read back");
    const QStringList columns = read.records.front();
    Fuzz::check(columns.size() == RecordCsv::attemptHeader().size(),
                "an attempt line without docs/attempt-log.md's columns");
    Fuzz::check(columns[1] == Csv::guardFormula(record.endpoint), "the endpoint column changed");
    Fuzz::check(columns[15] == Csv::guardFormula(record.error), "the error column changed");
    const QUrl original(record.url);
    const QString password = original.password(QUrl::FullyDecoded);
    if (original.isValid() && password.size() >= 4 && !original.host().contains(password)
        && !original.path(QUrl::FullyDecoded).contains(password)
        && !original.query(QUrl::FullyDecoded).contains(password)
        && !original.fragment(QUrl::FullyDecoded).contains(password) && !original.userName().contains(password)
        && !original.scheme().contains(password)) {
        Fuzz::check(!QUrl::fromPercentEncoding(columns[3].toUtf8()).contains(password), "a URL password was exported",
                    columns[3].toUtf8());
    }
}

void checkTimestamp(qint64 epochMs)
{
    // Qt::UTC, not QTimeZone::utc(): Qt writes "Z" only for the former.
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    if (!time.isValid() || time.date().year() < 1 || time.date().year() > 9999)
        return;
    const QString expected = time.toString(Qt::ISODateWithMs);
    Fuzz::check(RecordCsv::timestamp(time) == expected, "timestamp differs from Qt's", expected.toUtf8());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    qint64 epochMs = 0;
    std::memcpy(&epochMs, input.constData(), std::min<size_t>(size, sizeof epochMs));
    // Years 1 to 9999 span about 6.3e14 ms either side of 1970.
    epochMs %= 253'402'300'800'000LL;
    checkTimestamp(epochMs);
    for (const QByteArray &record : input.split('\x1e')) {
        QStringList fields;
        for (const QByteArray &field : record.split('\x1f'))
            fields.append(QString::fromUtf8(field));
        checkRecord(fields);
        checkAttemptLine(fields, epochMs);
    }
    return 0;
}
