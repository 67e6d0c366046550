// SPDX-License-Identifier: GPL-3.0-or-later
// Reading an attempt log back (the policy lab's input): both versions, what
// spreadsheets do to a saved file, and a clear error for every bad value.
#include "core/store/attemptlogreader.h"
#include "core/store/csv.h"
#include "core/store/recordcsv.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

AttemptRecord sent()
{
    AttemptRecord r;
    r.timeUtc = QDateTime(QDate(2026, 12, 3), QTime(9, 15, 0, 250), QTimeZone::utc());
    r.endpoint = QStringLiteral("-orders, eu"); // guarded and quoted when written
    r.method = "GET";
    r.url = QStringLiteral("https://api.example.com/health");
    r.cycle = 41;
    r.attempt = 2;
    r.outcome = AttemptOutcome::Retry;
    r.category = ErrorCategory::RateLimited;
    r.httpStatus = 429;
    r.retriable = true;
    r.latency = 38ms;
    r.delay = 1200ms;
    r.retryAfter = 1000ms;
    r.breakerState = BreakerState::HalfOpen;
    r.error = QStringLiteral("Too Many Requests: \"slow down\"\r\nplease");
    r.transmissions = 1;
    r.phases.queued = 3ms;
    r.rateLimitRemaining = 0;
    r.rateLimitReset = 900ms;
    return r;
}

AttemptRecord rejected()
{
    AttemptRecord r = sent();
    r.timeUtc = r.timeUtc.addSecs(5);
    r.cycle = 42;
    r.attempt = 1;
    r.outcome = AttemptOutcome::Rejected;
    r.category = ErrorCategory::CircuitOpen;
    r.httpStatus.reset();
    r.retriable = false;
    r.reason = CycleEndReason::CircuitOpen;
    r.latency.reset();
    r.delay.reset();
    r.retryAfter.reset();
    r.breakerState = BreakerState::Open;
    r.error = QStringLiteral("breaker open");
    r.transmissions = 0;
    r.phases.queued.reset();
    r.rateLimitRemaining.reset();
    r.rateLimitReset.reset();
    return r;
}

QByteArray log(int version, const QList<AttemptRecord> &records)
{
    QByteArray bytes = Csv::line(version == 1 ? RecordCsv::attemptHeaderV1() : RecordCsv::attemptHeader());
    for (const AttemptRecord &r : records)
        bytes += RecordCsv::attemptLine(r, version == 1 ? RecordCsv::attemptHeaderV1().size() : -1);
    return bytes;
}

// What the log keeps of a record, to compare what was read with.
QString kept(const AttemptRecord &r, int version)
{
    QString text = RecordCsv::timestamp(r.timeUtc) + u'|' + r.endpoint + u'|' + QString::fromLatin1(r.method) + u'|'
        + r.url + u'|' + QString::number(r.cycle) + u'.' + QString::number(r.attempt) + u'|' + outcomeName(r.outcome)
        + u'|' + categoryName(r.category) + u'|' + QString::number(r.httpStatus.value_or(-1)) + u'|'
        + (r.reason ? QString(reasonName(*r.reason)) : QString()) + u'|'
        + QString::number(r.latency.value_or(-1ms).count()) + u'|' + QString::number(r.delay.value_or(-1ms).count())
        + u'|' + QString::number(r.retryAfter.value_or(-1ms).count()) + u'|' + breakerStateName(r.breakerState) + u'|'
        + r.error;
    if (version >= 2)
        text += u'|' + QString::number(r.transmissions) + u'|' + QString::number(r.phases.queued.value_or(-1ms).count())
            + u'|' + (r.slow ? u'S' : u'-') + u'|' + QString::number(r.rateLimitRemaining.value_or(-1)) + u'|'
            + QString::number(r.rateLimitReset.value_or(-1ms).count());
    return text;
}

} // namespace

class TestAttemptLogReader final : public QObject
{
    Q_OBJECT

private slots:
    void bothVersionsReadBack_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("version 1") << 1;
        QTest::newRow("version 2") << 2;
    }

    void bothVersionsReadBack()
    {
        QFETCH(int, version);
        const QList<AttemptRecord> written{sent(), rejected()};
        const AttemptLogRead read = readAttemptLog(log(version, written));
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.version, version);
        QCOMPARE(read.records.size(), 2);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(kept(read.records[i], version), kept(written[i], version));
        QCOMPARE(read.records[0].endpoint, QStringLiteral("-orders, eu")); // the formula guard taken off
        QCOMPARE(read.records[0].timeUtc, sent().timeUtc);
        QCOMPARE(read.records[0].timeUtc.offsetFromUtc(), 0);
    }

    // Saved again by a spreadsheet or an editor: LF line ends, a byte-order
    // mark, no line end at the end, a blank line, an extra column.
    void whatEditorsDoIsRead()
    {
        QByteArray bytes = log(2, {sent(), rejected()});
        bytes.replace("\r\n", "\n");
        bytes.chop(1);
        bytes.insert(bytes.indexOf('\n') + 1, "\n");
        bytes.prepend("\xEF\xBB\xBF");
        const AttemptLogRead read = readAttemptLog(bytes);
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.records.size(), 2);
        QCOMPARE(read.records[1].outcome, AttemptOutcome::Rejected);
        // The error text held a line end inside quotes (LF too, now): kept as written.
        QCOMPARE(read.records[0].error, QString(sent().error).replace(QStringLiteral("\r\n"), QStringLiteral("\n")));

        QByteArray wider = log(2, {sent()});
        wider.replace("ratelimit_reset_ms\r\n", "ratelimit_reset_ms,later\r\n");
        wider.chop(2);
        wider += ",x\r\n";
        const AttemptLogRead later = readAttemptLog(wider);
        QVERIFY2(later.ok(), qPrintable(later.error));
        QCOMPARE(kept(later.records[0], 2), kept(sent(), 2));
    }

    void badInputSaysWhereAndWhat_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("error");
        QTest::newRow("category") << QByteArray(",rate_limited,") << QByteArray(",slowness,")
                                  << "line 2, column category: \"slowness\" is not one of its names";
        QTest::newRow("time") << QByteArray("2026-12-03T09:15:00.250Z") << QByteArray("yesterday")
                              << "line 2, column time_utc: \"yesterday\" is not a time like 2026-11-28T14:50:47.123Z";
        QTest::newRow("number") << QByteArray(",41,") << QByteArray(",4x1,")
                                << "line 2, column cycle: \"4x1\" is not a whole number of 0 or more";
        QTest::newRow("negative") << QByteArray(",38,") << QByteArray(",-38,")
                                  << "line 2, column latency_ms: \"-38\" is not a whole number of 0 or more";
        QTest::newRow("multi-line value") << QByteArray(",41,") << QByteArray(",\"4\r\n1\",")
                                          << "line 2, column cycle: \"4\\r\\n1\" is not a whole number of 0 or more";
        QTest::newRow("too large") << QByteArray(",41,2,") << QByteArray(",41,2147483648,")
                                   << "line 2, column attempt: 2147483648 is too large (at most 2147483647)";
        QTest::newRow("flag") << QByteArray(",true,") << QByteArray(",yes,")
                              << "line 2, column retriable: \"yes\" is neither true nor false";
        QTest::newRow("required") << QByteArray(",half_open,") << QByteArray(",,")
                                  << "line 2, column breaker_state: is empty";
        QTest::newRow("header") << QByteArray("latency_ms") << QByteArray("latency")
                                << "line 1: not an attempt log's header (no column latency_ms)";
        QTest::newRow("quote") << QByteArray(",GET,") << QByteArray(",G\"ET,")
                               << "line 2: a quote inside an unquoted field";
        QTest::newRow("unclosed") << QByteArray("please\",") << QByteArray("please,")
                                  << "line 2: a quoted field is not closed";
        QTest::newRow("short") << QByteArray(",1,3,,0,900\r\n") << QByteArray("\r\n")
                               << "line 2: 16 fields, the header has more (no transmissions)";
    }

    void badInputSaysWhereAndWhat()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, error);
        QByteArray bytes = log(2, {sent()});
        const qsizetype at = bytes.indexOf(from, from.startsWith("lat") ? 0 : bytes.indexOf("\r\n"));
        QVERIFY(at >= 0);
        bytes.replace(at, from.size(), to);
        const AttemptLogRead read = readAttemptLog(bytes);
        QCOMPARE(read.error, error);
        QVERIFY(read.records.isEmpty()); // nothing half-read
    }

    void emptyInput() { QCOMPARE(readAttemptLog(QByteArray()).error, QStringLiteral("the file is empty")); }
};

QTEST_GUILESS_MAIN(TestAttemptLogReader)
#include "tst_attemptlogreader.moc"
