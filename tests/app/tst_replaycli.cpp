// SPDX-License-Identifier: GPL-3.0-or-later
// `retryscope --replay`, as a user runs it: a recording (attempts CSV or
// history database), the endpoints file, candidate policy files, the report
// as a table and as CSV, and every bad input refused with the exit status
// the command line promises.
#include "core/store/csv.h"
#include "core/store/history.h"
#include "core/store/recordcsv.h"
#include "tests/support/appprocess.h"
#include "tests/support/laboutage.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The row of `policy` in a report CSV, by column name.
QHash<QString, QString> row(const QByteArray &csv, const QString &policy)
{
    const QList<QByteArray> lines = csv.split('\n');
    const QStringList header = QString::fromUtf8(lines.first().trimmed()).split(u',');
    for (const QByteArray &line : lines) {
        const QStringList fields = QString::fromUtf8(line.trimmed()).split(u',');
        if (fields.size() == header.size() && fields.at(1) == policy) {
            QHash<QString, QString> byName;
            for (qsizetype i = 0; i < header.size(); ++i)
                byName.insert(header.at(i), fields.at(i));
            return byName;
        }
    }
    return {};
}

} // namespace

class TestReplayCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QByteArray csv = Csv::line(RecordCsv::attemptHeader());
        for (const AttemptRecord &r : LabOutage::records())
            csv += RecordCsv::attemptLine(r);
        QVERIFY(write(path("attempts.csv"), csv));
        // The endpoint as configured: 3 attempts 100 ms apart, no jitter, no
        // budget, no breaker.
        QVERIFY(write(path("endpoints.json"),
                      "{\"version\": 1, \"endpoints\": [{\"name\": \"api\", \"url\": "
                      "\"http://api.invalid/health\", \"intervalMs\": 1000, \"timeoutMs\": 500, \"retry\": "
                      "{\"maxAttempts\": 3, \"initialDelayMs\": 100, \"multiplier\": 1, \"jitter\": \"none\"}, "
                      "\"budget\": {\"enabled\": false}, \"breaker\": {\"enabled\": false}}]}"));
        QVERIFY(write(path("one-attempt.json"), "{\"retry\": {\"maxAttempts\": 1}}"));
    }

    // The report: the recording, the endpoint's own policy and the candidate,
    // each figure as counted by hand (tst_labreplay has the counts): one
    // attempt a cycle makes 29 cycles with 19 successes; three attempts, 27
    // cycles, 19 successes, 44 attempts of which 25 while failing.
    void reportsTheRecordingAndEachPolicy()
    {
        const ProgramRun result = run({QStringLiteral("--replay"), path("attempts.csv"), QStringLiteral("--config"),
                                       path("endpoints.json"), QStringLiteral("--policy"), path("one-attempt.json"),
                                       QStringLiteral("--report-csv"), path("report.csv")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        for (const char *shown : {"api", "recording", "current", "one-attempt.json", "success_pct"})
            QVERIFY2(result.out.contains(QLatin1String(shown)), qPrintable(result.out));
        QFile file(path("report.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.startsWith("endpoint,policy,cycles,success_pct,first_try_pct,attempts,amplification,"
                               "attempts_while_failing,rejected_cycles,open_pct,budget_exhausted,cycle_p50_ms,"
                               "cycle_p95_ms,cycle_p99_ms,cycle_max_ms,violations,censored,fit\r\n"));
        const auto recording = row(csv, QStringLiteral("recording"));
        QCOMPARE(recording.value(QStringLiteral("cycles")), QStringLiteral("30"));
        QCOMPARE(recording.value(QStringLiteral("success_pct")), QStringLiteral("66.7"));
        const auto current = row(csv, QStringLiteral("current"));
        QCOMPARE(current.value(QStringLiteral("cycles")), QStringLiteral("27"));
        QCOMPARE(current.value(QStringLiteral("success_pct")), QStringLiteral("70.4"));
        QCOMPARE(current.value(QStringLiteral("attempts")), QStringLiteral("44"));
        QCOMPARE(current.value(QStringLiteral("amplification")), QStringLiteral("1.63"));
        QCOMPARE(current.value(QStringLiteral("attempts_while_failing")), QStringLiteral("25"));
        // 27 cycles against 30 recorded: more than 5 % off.
        QCOMPARE(current.value(QStringLiteral("fit")), QStringLiteral("poor"));
        const auto candidate = row(csv, QStringLiteral("one-attempt.json"));
        QCOMPARE(candidate.value(QStringLiteral("cycles")), QStringLiteral("29"));
        QCOMPARE(candidate.value(QStringLiteral("success_pct")), QStringLiteral("65.5"));
        QCOMPARE(candidate.value(QStringLiteral("attempts")), QStringLiteral("29"));
        QCOMPARE(candidate.value(QStringLiteral("fit")), QString());
        QVERIFY(result.out.contains(QLatin1String("api: the model does not fit this trace")));
    }

    // The same recording from the history database gives the same report;
    // the same seed, the same bytes.
    void historyDatabaseAndSeed()
    {
        {
            const SystemClock clock;
            History history(clock);
            QCOMPARE(history.open(path("history.sqlite")), QString());
            for (const AttemptRecord &r : LabOutage::records())
                history.add(r);
            QCOMPARE(history.flush(), QString());
        }
        QByteArray reports[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = path(i == 0 ? "from-csv.csv" : "from-db.csv");
            const ProgramRun result = run({QStringLiteral("--replay"), path(i == 0 ? "attempts.csv" : "history.sqlite"),
                                           QStringLiteral("--config"), path("endpoints.json"), QStringLiteral("--seed"),
                                           QStringLiteral("7"), QStringLiteral("--report-csv"), out});
            QCOMPARE(result.exitCode, 0);
            QFile file(out);
            QVERIFY(file.open(QIODevice::ReadOnly));
            reports[i] = file.readAll();
        }
        QCOMPARE(reports[1], reports[0]);
        QCOMPARE(row(reports[1], QStringLiteral("current")).value(QStringLiteral("cycles")), QStringLiteral("27"));
    }

    // --from/--to choose what is replayed: from 10 s on, the outage first.
    void timeRange()
    {
        const ProgramRun result
            = run({QStringLiteral("--replay"), path("attempts.csv"), QStringLiteral("--config"), path("endpoints.json"),
                   QStringLiteral("--from"), QStringLiteral("2026-12-03T09:00:10Z"), QStringLiteral("--report-csv"),
                   path("range.csv")});
        QCOMPARE(result.exitCode, 0);
        QFile file(path("range.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(row(file.readAll(), QStringLiteral("recording")).value(QStringLiteral("cycles")),
                 QStringLiteral("20"));
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("named");
        const QStringList base{QStringLiteral("--replay"), path("attempts.csv"), QStringLiteral("--config"),
                               path("endpoints.json")};
        QVERIFY(write(path("zero.json"), "{\"retry\": {\"maxAttempts\": 0}}"));
        QVERIFY(write(path("alien.json"), "{\"url\": \"http://elsewhere/\"}"));
        QVERIFY(write(path("broken.json"), "{\"retry\": "));
        QVERIFY(write(path("notalog.csv"), "hello,world\r\n1,2\r\n"));
        QTest::newRow("bad policy value") << (base + QStringList{QStringLiteral("--policy"), path("zero.json")}) << 2
                                          << QStringLiteral("zero.json: retry.maxAttempts");
        QTest::newRow("key a policy may not set")
            << (base + QStringList{QStringLiteral("--policy"), path("alien.json")}) << 2 << QStringLiteral("url");
        QTest::newRow("policy not JSON") << (base + QStringList{QStringLiteral("--policy"), path("broken.json")}) << 2
                                         << QStringLiteral("line 1, column");
        QTest::newRow("policy missing") << (base + QStringList{QStringLiteral("--policy"), path("none.json")}) << 2
                                        << QStringLiteral("none.json: cannot read");
        QTest::newRow("policy without replay") << QStringList{QStringLiteral("--policy"), path("one-attempt.json")} << 2
                                               << QStringLiteral("--policy: needs --replay");
        QTest::newRow("bad time") << (base + QStringList{QStringLiteral("--from"), QStringLiteral("yesterday")}) << 2
                                  << QStringLiteral("--from: 'yesterday' is not an ISO 8601 time");
        QTest::newRow("not a log") << QStringList{QStringLiteral("--replay"), path("notalog.csv")} << 1
                                   << QStringLiteral("notalog.csv: line 1");
        QTest::newRow("unknown endpoint") << (base + QStringList{QStringLiteral("--endpoint"), QStringLiteral("nope")})
                                          << 1 << QStringLiteral("nothing recorded for endpoint 'nope'");
        QTest::newRow("with the live options") << (base + QStringList{QStringLiteral("--headless")}) << 2
                                               << QStringLiteral("--headless: not with --replay");
    }

    void badInputIsRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, status);
        QFETCH(QString, named);
        const ProgramRun result = run(arguments);
        QCOMPARE(result.exitCode, status);
        QCOMPARE(result.out, QString());
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY2(result.err.contains(named), qPrintable(result.err));
    }

private:
    // With a private HOME: no endpoints file of the machine's user is read.
    [[nodiscard]] ProgramRun run(const QStringList &arguments) const
    {
        return runToEnd(QStringLiteral(RETRYSCOPE_BINARY), arguments, privateEnvironment(m_dir.path()));
    }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestReplayCli)
#include "tst_replaycli.moc"
