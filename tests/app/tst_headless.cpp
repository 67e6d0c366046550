// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: the real binary, headless on its demo, writing real CSV files.
#include "tests/support/appprocess.h"
#include "tests/support/rfc4180reader.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

ProgramRun run(const QStringList &arguments, const QString &home, int waitMs = 60000)
{
    return runToEnd(QStringLiteral(RETRYSCOPE_BINARY), arguments, privateEnvironment(home), waitMs);
}

QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const Rfc4180Result parsed = readRfc4180(file.readAll());
    if (!parsed.error.isEmpty())
        qWarning("%s: %s", qPrintable(path), qPrintable(parsed.error));
    return parsed.error.isEmpty() ? parsed.records : QList<QStringList>{};
}

} // namespace

class TestHeadless final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    // the command line in README.md and docs/attempt-log.md end to end: 15 s of the demo, and the files must show
    // what the policy promises.
    void demoRunWritesTheLogs()
    {
        const QString attempts = m_dir.filePath(QStringLiteral("attempts.csv"));
        const QString transitions = m_dir.filePath(QStringLiteral("transitions.csv"));
        const ProgramRun result = run({QStringLiteral("--demo"), QStringLiteral("--headless"),
                                       QStringLiteral("--duration"), QStringLiteral("15"), QStringLiteral("--csv"),
                                       attempts, QStringLiteral("--transitions-csv"), transitions},
                                      m_dir.path());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        QVERIFY(result.out.count(u'\n') > 50);

        const QList<QStringList> rows = readCsv(attempts);
        QVERIFY(rows.size() > 50);
        const QStringList &header = rows.first();
        QCOMPARE(header.join(u','),
                 QStringLiteral("time_utc,endpoint,method,url,cycle,attempt,outcome,category,"
                                "http_status,retriable,reason,latency_ms,delay_ms,retry_after_ms,"
                                "breaker_state,error,transmissions,queue_ms,slow,ratelimit_remaining,"
                                "ratelimit_reset_ms"));
        const auto col = [&header](const char *name) { return header.indexOf(QLatin1String(name)); };
        QMap<QString, QList<QStringList>> byEndpoint;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].size(), header.size());
            byEndpoint[rows[i][col("endpoint")]].append(rows[i]);
            // Sent: how often it went on the wire, and no wait for a
            // connection (eight endpoints never fill one); not sent: neither.
            const bool sent = !rows[i][col("latency_ms")].isEmpty();
            QCOMPARE(rows[i][col("transmissions")].isEmpty(), !sent);
            if (sent)
                QCOMPARE(rows[i][col("queue_ms")], QStringLiteral("0"));
        }
        for (const QStringList &row : byEndpoint.value(QStringLiteral("healthy")))
            QCOMPARE(row[col("transmissions")], QStringLiteral("1"));
        for (const QStringList &row : byEndpoint.value(QStringLiteral("refused"))) {
            if (!row[col("latency_ms")].isEmpty())
                QCOMPARE(row[col("transmissions")], QStringLiteral("0")); // no connection, nothing sent
        }
        QCOMPARE(byEndpoint.keys(),
                 (QStringList{QStringLiteral("degraded-json"), QStringLiteral("flaky"), QStringLiteral("healthy"),
                              QStringLiteral("outage"), QStringLiteral("over-budget"), QStringLiteral("paced"),
                              QStringLiteral("rate-limited"), QStringLiteral("refused"), QStringLiteral("slow"),
                              QStringLiteral("sluggish"), QStringLiteral("unauthorized")}));

        // 401 is never retried.
        for (const QStringList &row : byEndpoint.value(QStringLiteral("unauthorized"))) {
            QCOMPARE(row[col("attempt")], QStringLiteral("1"));
            QVERIFY(row[col("reason")] == QLatin1String("not_retriable")
                    || row[col("reason")] == QLatin1String("cancelled"));
        }
        // The 503 endpoints are retried with growing delays (the demo gives
        // them equal jitter, which never shrinks a delay at multiplier 2).
        int grownCycles = 0;
        QMap<QString, QList<int>> delaysByCycle;
        for (const char *name : {"flaky", "outage"}) {
            for (const QStringList &row : byEndpoint.value(QLatin1String(name))) {
                if (!row[col("delay_ms")].isEmpty())
                    delaysByCycle[QLatin1String(name) + row[col("cycle")]].append(row[col("delay_ms")].toInt());
            }
        }
        for (const QList<int> &delays : std::as_const(delaysByCycle)) {
            for (qsizetype i = 1; i < delays.size(); ++i)
                QVERIFY2(delays[i] >= delays[i - 1], "equal jitter never shrinks a delay");
            grownCycles += delays.size() >= 2 && delays.last() > delays.first() ? 1 : 0;
        }
        QVERIFY2(grownCycles >= 1, "at least one cycle retried twice with a longer second wait");
        // Retry-After is respected: the wait is never shorter than it.
        int honoured = 0;
        for (const QStringList &row : byEndpoint.value(QStringLiteral("rate-limited"))) {
            if (row[col("retry_after_ms")].isEmpty() || row[col("delay_ms")].isEmpty())
                continue;
            QVERIFY(row[col("delay_ms")].toInt() >= row[col("retry_after_ms")].toInt());
            ++honoured;
        }
        QVERIFY(honoured >= 1);
        // The JSON check fails with its reason in words.
        for (const QStringList &row : byEndpoint.value(QStringLiteral("degraded-json"))) {
            if (row[col("outcome")] == QLatin1String("rejected"))
                continue;
            QCOMPARE(row[col("category")], QStringLiteral("assertion_failed"));
            QCOMPARE(row[col("error")], QStringLiteral("/status is \"degraded\", expected \"UP\""));
        }
        // The paced endpoint reads the announced quota and is never refused;
        // the sluggish one's slow answers are marked.
        int announced = 0;
        for (const QStringList &row : byEndpoint.value(QStringLiteral("paced"))) {
            QVERIFY2(row[col("http_status")] != QLatin1String("429"), qPrintable(row.join(u',')));
            announced += row[col("ratelimit_remaining")].isEmpty() ? 0 : 1;
        }
        QVERIFY(announced >= 1);
        for (const QStringList &row : byEndpoint.value(QStringLiteral("sluggish"))) {
            if (row[col("slow")] == QLatin1String("true"))
                QVERIFY(row[col("category")] == QLatin1String("ok") && row[col("latency_ms")].toInt() >= 500);
            else if (row[col("category")] == QLatin1String("ok"))
                QVERIFY(row[col("latency_ms")].toInt() < 500);
        }
        // The timeouts, the refusals and the breaker all show.
        QVERIFY(byEndpoint.value(QStringLiteral("slow")).first()[col("category")] == QLatin1String("timeout"));
        QVERIFY(byEndpoint.value(QStringLiteral("refused")).first()[col("category")]
                == QLatin1String("connection_refused"));
        bool rejected = false;
        for (const QStringList &row : byEndpoint.value(QStringLiteral("refused")))
            rejected = rejected || row[col("outcome")] == QLatin1String("rejected");
        QVERIFY(rejected);

        const QList<QStringList> transitionRows = readCsv(transitions);
        QVERIFY(transitionRows.size() >= 2);
        QCOMPARE(transitionRows.first().join(u','), QStringLiteral("time_utc,endpoint,from,to,reason"));
        QVERIFY(result.out.contains(QLatin1String("BREAKER")));
    }

    // --csv onto a log begun by an older Retryscope (16 columns, version 1):
    // it goes on in that format, so the file never mixes widths.
    void appendingToAVersion1LogKeepsItsColumns()
    {
        const QString attempts = m_dir.filePath(QStringLiteral("old-attempts.csv"));
        const QByteArray v1Header = "time_utc,endpoint,method,url,cycle,attempt,outcome,category,http_status,"
                                    "retriable,reason,latency_ms,delay_ms,retry_after_ms,breaker_state,error\r\n";
        {
            QFile file(attempts);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(v1Header);
        }
        const ProgramRun result
            = run({QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--duration"),
                   QStringLiteral("3"), QStringLiteral("--csv"), attempts},
                  m_dir.path());
        QCOMPARE(result.exitCode, 0);
        const QList<QStringList> rows = readCsv(attempts);
        QVERIFY(rows.size() > 5);
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), 16);
    }

    void badConfigExitsTwoWithOneLine()
    {
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"version": 1, "endpoints": [{"name": "a", "url": "ftp:\/\/x\/"}]})");
        file.close();
        const ProgramRun result = run({QStringLiteral("--headless"), QStringLiteral("--config"), path}, m_dir.path());
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err,
                 QStringLiteral("retryscope: %1: endpoints[0] (\"a\"): url: \"ftp://x/\" is not an http or "
                                "https URL\n")
                     .arg(path));
        const ProgramRun missing = run(
            {QStringLiteral("--headless"), QStringLiteral("--config"), m_dir.filePath(QStringLiteral("none.json"))},
            m_dir.path());
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QLatin1String("none.json: cannot read")));
    }

    // A file cut off mid-write by something else: refused in one line that
    // names the good .bak and how to restore it.
    void corruptConfigNamesTheBackup()
    {
        const QString path = m_dir.filePath(QStringLiteral("cut.json"));
        QFile good(path + QStringLiteral(".bak"));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write(R"({"version": 1, "endpoints": [{"name": "a", "url": "http:\/\/127.0.0.1:9\/"}]})");
        good.close();
        QFile cut(path);
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write("{\"version\": 1, \"endpoints\": [{\"name\": \"a\", \"u");
        cut.close();
        const ProgramRun result = run({QStringLiteral("--headless"), QStringLiteral("--config"), path}, m_dir.path());
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY2(result.err.contains(QStringLiteral("JSON syntax error")), qPrintable(result.err));
        QVERIFY2(result.err.contains(
                     QStringLiteral("; the last good version is kept in %1.bak (to go back to it: cp '%1.bak' '%1')")
                         .arg(path)),
                 qPrintable(result.err));
        QVERIFY(QFile::exists(path + QStringLiteral(".bak"))); // untouched
    }

    void badOptionsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("duration word") << QStringList{QStringLiteral("--duration"), QStringLiteral("soon")}
                                       << QStringLiteral("--duration: must be a number of seconds above 0");
        QTest::newRow("duration zero") << QStringList{QStringLiteral("--duration"), QStringLiteral("0")}
                                       << QStringLiteral("--duration");
        QTest::newRow("csv without file") << QStringList{QStringLiteral("--csv")} << QStringLiteral("csv");
        QTest::newRow("empty config") << QStringList{QStringLiteral("--config="), QStringLiteral("--headless")}
                                      << QStringLiteral("--config: needs a file name");
        QTest::newRow("line break in a value")
            << QStringList{QStringLiteral("--duration"), QStringLiteral("5\nretryscope: forged")}
            << QStringLiteral("(got '5\\nretryscope: forged')");
        QTest::newRow("line break in a file name")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--config"), QStringLiteral("no\nsuch.json")}
            << QStringLiteral("no\\nsuch.json: cannot read: ");
    }

    void badOptionsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const ProgramRun result = run(arguments, m_dir.path());
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    void unwritableCsvExitsOne()
    {
        const ProgramRun result = run({QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--csv"),
                                       m_dir.filePath(QStringLiteral("no/such/folder/a.csv"))},
                                      m_dir.path());
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(QLatin1String("cannot open for appending")));
    }

    // First start without a file: it is created with the demo endpoints,
    // and the built-in fault server answers them.
    void firstStartCreatesTheDefaultFile()
    {
        QTemporaryDir home;
        const ProgramRun result
            = run({QStringLiteral("--headless"), QStringLiteral("--duration"), QStringLiteral("3")}, home.path());
        QCOMPARE(result.exitCode, 0);
        const QString created = home.filePath(QStringLiteral(".config/retryscope/endpoints.json"));
        QVERIFY2(QFile::exists(created), qPrintable(result.out));
        QVERIFY(result.out.contains(QLatin1String("first start: created")));
        if (result.out.contains(QLatin1String("started the built-in fault server")))
            QVERIFY(result.out.contains(QLatin1String("healthy        #1.1 success")));
    }

    void sigtermFlushesAndExitsZero()
    {
        const QString attempts = m_dir.filePath(QStringLiteral("sigterm.csv"));
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(RETRYSCOPE_BINARY),
                      {QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--csv"), attempts});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile(attempts).size() > 500, 10000);
        process.terminate();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QList<QStringList> rows = readCsv(attempts);
        QVERIFY(rows.size() > 2); // whole lines only: the reader accepts the file
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
