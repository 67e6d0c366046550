// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csv.h"
#include "core/store/csvappender.h"
#include "core/store/recordcsv.h"
#include "tests/support/filesizelimit.h"
#include "tests/support/rfc4180reader.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <limits>

using namespace std::chrono_literals;

namespace {

AttemptRecord sampleRecord()
{
    AttemptRecord r;
    r.timeUtc = QDateTime(QDate(2026, 11, 28), QTime(14, 50, 47, 123), QTimeZone::utc());
    r.endpoint = QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")");
    r.method = "POST";
    r.url = QStringLiteral("https://user:secret@api.example.com/a,b?q=\"x\"");
    r.cycle = 12;
    r.attempt = 3;
    r.outcome = AttemptOutcome::Failed;
    r.category = ErrorCategory::ServerError;
    r.httpStatus = 503;
    r.retriable = true;
    r.reason = CycleEndReason::MaxAttempts;
    r.latency = 41ms;
    r.retryAfter = 2000ms;
    r.breakerState = BreakerState::HalfOpen;
    r.error = QStringLiteral("line one\r\nline two, \"quoted\"");
    r.transmissions = 2;
    r.phases.queued = 7ms;
    r.rateLimitRemaining = 0;
    r.rateLimitReset = 1500ms;
    return r;
}

} // namespace

class TestCsv final : public QObject
{
    Q_OBJECT

private slots:
    void headersAreTheSpecColumns()
    {
        QCOMPARE(RecordCsv::attemptHeader().join(u','),
                 QStringLiteral("time_utc,endpoint,method,url,cycle,attempt,outcome,category,http_status,retriable,"
                                "reason,latency_ms,delay_ms,retry_after_ms,breaker_state,error,"
                                "transmissions,queue_ms,slow,ratelimit_remaining,ratelimit_reset_ms"));
        QCOMPARE(RecordCsv::attemptHeaderV1().join(u','),
                 QStringLiteral("time_utc,endpoint,method,url,cycle,attempt,outcome,category,http_status,retriable,"
                                "reason,latency_ms,delay_ms,retry_after_ms,breaker_state,error"));
        QCOMPARE(RecordCsv::transitionHeader().join(u','), QStringLiteral("time_utc,endpoint,from,to,reason"));
    }

    void fieldsAreQuotedOnlyWhenNeeded_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("plain") << QStringLiteral("abc") << QByteArray("abc");
        QTest::newRow("empty") << QString() << QByteArray();
        QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("lf") << QStringLiteral("a\nb") << QByteArray("\"a\nb\"");
        QTest::newRow("cr") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
        QTest::newRow("utf-8") << QStringLiteral("zürich ≥ 50%") << QStringLiteral("zürich ≥ 50%").toUtf8();
    }

    void fieldsAreQuotedOnlyWhenNeeded()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, field);
        QCOMPARE(Csv::field(text), field);
    }

    // The bulk export's byte-level writer and Csv::field() are twins.
    void writerAgreesWithField_data() { fieldsAreQuotedOnlyWhenNeeded_data(); }

    void writerAgreesWithField()
    {
        QFETCH(QString, text);
        for (const QString &variant : QStringList{text, QStringLiteral("=") + text, QStringLiteral("-,") + text}) {
            QByteArray plain("x,");
            Csv::appendField(plain, variant.toUtf8(), false);
            QCOMPARE(plain, QByteArray("x,") + Csv::field(variant));
            QByteArray guarded;
            Csv::appendField(guarded, variant.toUtf8(), true);
            QCOMPARE(guarded, Csv::field(Csv::guardFormula(variant)));
        }
        QByteArray numbers;
        {
            Csv::Writer writer(numbers);
            writer.reserve(64);
            writer.integer(0);
            writer.put(',');
            writer.integer(-1234567890123);
            writer.put(',');
            writer.integer(std::numeric_limits<qint64>::min());
        }
        QCOMPARE(numbers, QByteArray("0,-1234567890123,-9223372036854775808"));
    }

    void timestampsMatchQt()
    {
        // The arithmetic formatter against QDateTime, across leap years,
        // centuries and the epoch.
        for (const qint64 ms : {0LL, 1LL, 951782400000LL, 1709164800123LL, 4102444799999LL, 1795883304298LL,
                                -86400001LL, 253402300799999LL}) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
            QCOMPARE(RecordCsv::timestamp(time), time.toUTC().toString(Qt::ISODateWithMs));
        }
    }

    void formulaGuard_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("guarded");
        for (const char *prefix : {"=", "+", "-", "@", "\t", "\r"})
            QTest::addRow("%s", prefix) << QLatin1String(prefix) + QStringLiteral("SUM(A1)")
                                        << QStringLiteral("'") + QLatin1String(prefix) + QStringLiteral("SUM(A1)");
        QTest::newRow("safe") << QStringLiteral("SUM(A1)") << QStringLiteral("SUM(A1)");
        QTest::newRow("inner =") << QStringLiteral("a=b") << QStringLiteral("a=b");
        QTest::newRow("empty") << QString() << QString();
    }

    void formulaGuard()
    {
        QFETCH(QString, text);
        QFETCH(QString, guarded);
        QCOMPARE(Csv::guardFormula(text), guarded);
    }

    // Written by core, read back by an independent RFC 4180 reader: the
    // fields come back exactly, in their guarded and redacted form.
    void attemptLineRoundTrips()
    {
        const QByteArray line = RecordCsv::attemptLine(sampleRecord());
        QVERIFY(line.endsWith("\r\n"));
        const Rfc4180Result parsed = readRfc4180(line);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        QCOMPARE(parsed.records.size(), 1);
        const QStringList fields = parsed.records.first();
        QCOMPARE(fields.size(), RecordCsv::attemptHeader().size());
        QCOMPARE(fields,
                 (QStringList{QStringLiteral("2026-11-28T14:50:47.123Z"),
                              QStringLiteral("'=HYPERLINK(\"http://evil\",\"x\")"),
                              QStringLiteral("POST"),
                              QStringLiteral("https://***@api.example.com/a,b?q=%22x%22"),
                              QStringLiteral("12"),
                              QStringLiteral("3"),
                              QStringLiteral("failed"),
                              QStringLiteral("server_error"),
                              QStringLiteral("503"),
                              QStringLiteral("true"),
                              QStringLiteral("max_attempts"),
                              QStringLiteral("41"),
                              QString(),
                              QStringLiteral("2000"),
                              QStringLiteral("half_open"),
                              QStringLiteral("line one\r\nline two, \"quoted\""),
                              QStringLiteral("2"),
                              QStringLiteral("7"),
                              QString(),
                              QStringLiteral("0"),
                              QStringLiteral("1500")}));
        QVERIFY(!line.contains("secret"));
    }

    void successLeavesFailureColumnsEmpty()
    {
        AttemptRecord r;
        r.timeUtc = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        r.endpoint = QStringLiteral("ok");
        r.method = "GET";
        r.url = QStringLiteral("http://a.test/");
        r.cycle = 1;
        r.attempt = 1;
        r.httpStatus = 200;
        r.latency = 5ms;
        r.transmissions = 1;
        r.phases.queued = 0ms;
        QCOMPARE(
            RecordCsv::attemptLine(r),
            QByteArray("2026-01-01T00:00:00.000Z,ok,GET,http://a.test/,1,1,success,ok,200,,,5,,,closed,,1,0,,,\r\n"));
        r.slow = true;
        r.rateLimitRemaining = 41;
        r.rateLimitReset = 59000ms;
        QCOMPARE(RecordCsv::attemptLine(r),
                 QByteArray("2026-01-01T00:00:00.000Z,ok,GET,http://a.test/,1,1,success,ok,200,,,5,,,closed,,1,0,"
                            "true,41,59000\r\n"));
    }

    void transitionLine()
    {
        const BreakerTransition t{QDateTime(QDate(2026, 11, 28), QTime(14, 0), QTimeZone::utc()),
                                  QStringLiteral("-payments"),
                                  BreakerState::Closed,
                                  BreakerState::Open,
                                  QStringLiteral("failure rate 60% ≥ 50% over 20 calls"),
                                  {}};
        const Rfc4180Result parsed = readRfc4180(RecordCsv::transitionLine(t));
        QVERIFY(parsed.error.isEmpty());
        QCOMPARE(parsed.records.first(),
                 (QStringList{QStringLiteral("2026-11-28T14:00:00.000Z"), QStringLiteral("'-payments"),
                              QStringLiteral("closed"), QStringLiteral("open"),
                              QStringLiteral("failure rate 60% ≥ 50% over 20 calls")}));
    }

    void appenderWritesTheHeaderOnceAndCompletesCutLines()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("attempts.csv"));
        {
            CsvAppender appender;
            QCOMPARE(appender.open(path, RecordCsv::attemptHeader()), QString());
            QCOMPARE(appender.append(RecordCsv::attemptLine(sampleRecord())), QString());
        }
        {
            QFile file(path); // simulate a crash mid-line
            QVERIFY(file.open(QIODevice::Append));
            file.write("2026-11-28T14:50:47.123Z,cut");
        }
        {
            CsvAppender appender;
            QCOMPARE(appender.open(path, RecordCsv::attemptHeader()), QString());
            QCOMPARE(appender.append(RecordCsv::attemptLine(sampleRecord())), QString());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Rfc4180Result parsed = readRfc4180(file.readAll());
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        QCOMPARE(parsed.records.size(), 4); // header, record, the cut line (completed), record
        QCOMPARE(parsed.records[0], RecordCsv::attemptHeader());
        QCOMPARE(parsed.records[2], (QStringList{QStringLiteral("2026-11-28T14:50:47.123Z"), QStringLiteral("cut")}));
        QCOMPARE(parsed.records[3], parsed.records[1]);
    }

    // A log begun with the 16 columns of version 1 goes on in them; a new
    // file and a version 2 file get all the columns (a file never mixes).
    void appendingToAVersion1LogKeepsItsWidth()
    {
        QTemporaryDir dir;
        const QString v1 = dir.filePath(QStringLiteral("v1.csv"));
        {
            QFile file(v1);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(Csv::line(RecordCsv::attemptHeaderV1()));
        }
        const QString v2 = dir.filePath(QStringLiteral("v2.csv"));
        for (const QString &path : {v1, v2, v2}) {
            CsvAppender appender;
            QCOMPARE(appender.open(path, RecordCsv::attemptHeader(), {RecordCsv::attemptHeaderV1()}), QString());
            QCOMPARE(appender.append(RecordCsv::attemptLine(sampleRecord(), appender.columns())), QString());
        }
        for (const auto &[path, width, lines] :
             {std::tuple{v1, RecordCsv::attemptColumnsV1, 2}, std::tuple{v2, RecordCsv::attemptHeader().size(), 3}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const Rfc4180Result parsed = readRfc4180(file.readAll());
            QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
            QCOMPARE(parsed.records.size(), lines);
            for (const QStringList &record : parsed.records)
                QCOMPARE(record.size(), width);
            const QStringList full = readRfc4180(RecordCsv::attemptLine(sampleRecord())).records.value(0);
            QCOMPARE(full.size(), RecordCsv::attemptHeader().size());
            QCOMPARE(full.mid(16),
                     (QStringList{
                         QStringLiteral("2"), QStringLiteral("7"), {}, QStringLiteral("0"), QStringLiteral("1500")}));
            QCOMPARE(parsed.records[1], full.first(width));
        }
    }

    // A disk that fills up part-way through a line: the reason in words, the
    // half line cut back off, and writing resumes when there is room.
    void appenderCutsBackAHalfLineOnAFullDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("attempts.csv"));
        CsvAppender appender;
        QCOMPARE(appender.open(path, RecordCsv::attemptHeader()), QString());
        const QByteArray line = RecordCsv::attemptLine(sampleRecord());
        QString error;
        int written = 0;
        {
            const FileSizeLimit full(QFileInfo(path).size() + 3 * line.size() + line.size() / 2);
            QVERIFY(full.isActive());
            while ((error = appender.append(line)).isEmpty())
                ++written;
            QCOMPARE(appender.append(line), error);
            QCOMPARE(appender.failedLines(), 2);
        }
        QCOMPARE(written, 3);
        QCOMPARE(error, path + QStringLiteral(": write failed: File too large"));
        QCOMPARE(appender.append(line), QString());
        QCOMPARE(appender.failedLines(), 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Rfc4180Result read = readRfc4180(file.readAll());
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error)); // no half line
        QCOMPARE(read.records.size(), 1 + 3 + 1);
    }

    void appenderReportsUnwritablePaths()
    {
        QTemporaryDir dir;
        CsvAppender appender;
        const QString error = appender.open(dir.filePath(QStringLiteral("missing/folder/a.csv")), {});
        QVERIFY2(error.contains(QLatin1String("cannot open for appending")), qPrintable(error));
    }

    void independentReaderRejectsBrokenCsv()
    {
        QVERIFY(!readRfc4180("a,b\n").error.isEmpty());
        QVERIFY(!readRfc4180("a\"b\r\n").error.isEmpty());
        QVERIFY(!readRfc4180("\"a\"b\r\n").error.isEmpty());
        QVERIFY(!readRfc4180("a,b").error.isEmpty());
        QCOMPARE(readRfc4180("\"a\"\"\",\r\n").records.first(), (QStringList{QStringLiteral("a\""), QString()}));
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
