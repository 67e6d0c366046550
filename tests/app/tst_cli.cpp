// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/appprocess.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

namespace {

// Runs retryscope as on a machine without any display.
ProgramRun run(const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    return runToEnd(QStringLiteral(RETRYSCOPE_BINARY), arguments, environment, 30000);
}

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void helpWorksWithoutDisplay()
    {
        const ProgramRun result = run({QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith(QLatin1String("Usage: retryscope [options]")));
        for (const char *option : {"--help", "--version", "--demo", "--headless"})
            QVERIFY2(result.out.contains(QLatin1String(option)), option);
        QCOMPARE(result.err, QString());
    }

    void version()
    {
        const ProgramRun result = run({QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("retryscope " RETRYSCOPE_VERSION "\n"));
    }

    void badUsageExitsTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << QStringLiteral("bogus");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
        QTest::newRow("value for a flag") << QStringList{QStringLiteral("--demo=yes")} << QStringLiteral("demo");
        QTest::newRow("port not a number") << QStringList{QStringLiteral("--fault-server"), QStringLiteral("http")}
                                           << QStringLiteral("--fault-server: port must be 0-65535 (got 'http')");
        QTest::newRow("port too big") << QStringList{QStringLiteral("--fault-server"), QStringLiteral("65536")}
                                      << QStringLiteral("65536");
        QTest::newRow("port missing") << QStringList{QStringLiteral("--fault-server")}
                                      << QStringLiteral("fault-server");
        QTest::newRow("metrics port too big") << QStringList{QStringLiteral("--metrics-port"), QStringLiteral("70000")}
                                              << QStringLiteral("--metrics-port: port must be 0-65535 (got '70000')");
        QTest::newRow("metrics address alone")
            << QStringList{QStringLiteral("--metrics-address"), QStringLiteral("0.0.0.0")}
            << QStringLiteral("--metrics-address: needs --metrics-port");
        QTest::newRow("metrics address not an address")
            << QStringList{QStringLiteral("--metrics-port"), QStringLiteral("9464"),
                           QStringLiteral("--metrics-address"), QStringLiteral("example.org\nforged line")}
            << QStringLiteral("--metrics-address: 'example.org");
    }

    void badUsageExitsTwoWithOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        const ProgramRun result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QString());
        QCOMPARE(result.err.count(u'\n'), 1);
        QVERIFY(result.err.startsWith(QLatin1String("retryscope: ")));
        QVERIFY2(result.err.contains(named), qPrintable(result.err));
    }

    // `--fault-server 0` prints the port it bound, serves requests on it, and
    // exits 0 on SIGTERM and on SIGINT.
    void faultServerRunsAndStopsOnSignals_data()
    {
        QTest::addColumn<bool>("interrupt");
        QTest::newRow("SIGTERM") << false;
        QTest::newRow("SIGINT") << true;
    }

    void faultServerRunsAndStopsOnSignals()
    {
        QFETCH(bool, interrupt);
        QProcess process;
        process.start(QStringLiteral(RETRYSCOPE_BINARY), {QStringLiteral("--fault-server"), QStringLiteral("0")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        static const QRegularExpression listening(QStringLiteral(R"(^fault server listening on 127\.0\.0\.1:(\d+)$)"));
        const QRegularExpressionMatch match = listening.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const int port = match.captured(1).toInt();
        QVERIFY(port > 0 && port < 65536);

        QNetworkAccessManager manager;
        QNetworkReply *reply
            = manager.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/status/418").arg(port))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 418);
        delete reply;

        if (interrupt)
            ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        else
            process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    // Without a display, --demo runs headless: attempt lines scroll.
    void demoWithoutDisplayRunsHeadless()
    {
        const ProgramRun result = run({QStringLiteral("--demo"), QStringLiteral("--duration"), QStringLiteral("2")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith(QLatin1String("retryscope " RETRYSCOPE_VERSION ": monitoring 11 endpoints")));
        static const QRegularExpression attempt(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  healthy +#1\.1 success  ok +200 )"),
            QRegularExpression::MultilineOption);
        QVERIFY2(attempt.match(result.out).hasMatch(), qPrintable(result.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
