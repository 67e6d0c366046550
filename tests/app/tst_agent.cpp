// SPDX-License-Identifier: GPL-3.0-or-later
// retryscope-agent, run as a script or a service would: the command line of
// `retryscope --headless`, with --headless implied, and no graphical library
// in the running process.
#include "tests/support/appprocess.h"
#include "tests/support/httpget.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

ProgramRun run(const QString &binary, const QStringList &arguments, const QString &home)
{
    return runToEnd(binary, arguments, privateEnvironment(home));
}

QSet<QString> optionsIn(const QString &help)
{
    QSet<QString> options;
    static const QRegularExpression option(QStringLiteral("^\\s+(?:-\\w, )?(--[a-z-]+)"),
                                           QRegularExpression::MultilineOption);
    for (auto it = option.globalMatch(help); it.hasNext();)
        options.insert(it.next().captured(1));
    return options;
}

// The shared libraries a running process has mapped.
QStringList mappedLibraries(qint64 pid)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    if (!maps.open(QIODevice::ReadOnly))
        return {};
    QSet<QString> libraries;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const qsizetype slash = line.indexOf('/');
        if (slash >= 0 && line.contains(".so"))
            libraries.insert(QString::fromUtf8(line.mid(slash)));
    }
    return {libraries.cbegin(), libraries.cend()};
}

const QStringList guiLibraries{QStringLiteral("libQt6Gui"), QStringLiteral("libQt6Widgets"),
                               QStringLiteral("libQt6Charts"), QStringLiteral("libQt6OpenGL")};

QStringList guiIn(const QStringList &libraries)
{
    QStringList found;
    for (const QString &library : libraries) {
        for (const QString &gui : guiLibraries) {
            if (library.contains(gui))
                found.append(library);
        }
    }
    return found;
}

} // namespace

class TestAgent final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const QString m_agent = QStringLiteral(RETRYSCOPE_AGENT_BINARY);
    const QString m_dashboard = QStringLiteral(RETRYSCOPE_BINARY);

private slots:
    void takesTheDashboardsCommandLine()
    {
        const ProgramRun agent = run(m_agent, {QStringLiteral("--help")}, m_dir.path());
        const ProgramRun dashboard = run(m_dashboard, {QStringLiteral("--help")}, m_dir.path());
        QCOMPARE(agent.exitCode, 0);
        QCOMPARE(dashboard.exitCode, 0);
        QVERIFY2(agent.out.startsWith(QStringLiteral("Usage: retryscope-agent [options]")), qPrintable(agent.out));
        QVERIFY(agent.out.contains(QStringLiteral("Accepted and implied")));
        const QSet<QString> options = optionsIn(agent.out);
        QVERIFY2(options.size() >= 11, qPrintable(agent.out));
        QCOMPARE(options, optionsIn(dashboard.out)); // every option, --headless included

        const ProgramRun version = run(m_agent, {QStringLiteral("--version")}, m_dir.path());
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out, QStringLiteral("retryscope-agent " RETRYSCOPE_VERSION "\n"));

        const ProgramRun wrong = run(m_agent, {QStringLiteral("--duration"), QStringLiteral("soon")}, m_dir.path());
        QCOMPARE(wrong.exitCode, 2);
        QCOMPARE(wrong.out, QString());
        QCOMPARE(wrong.err,
                 QStringLiteral("retryscope-agent: --duration: must be a number of seconds above 0, at "
                                "most a year (got 'soon') (see --help)\n"));
    }

    // Without --headless (implied) and with it (accepted), as a script that
    // switched binaries would call it: the demo's attempts are printed.
    void runsTheDemoWithOrWithoutHeadless_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("implied") << QStringList{QStringLiteral("--demo"), QStringLiteral("--duration"),
                                                QStringLiteral("3")};
        QTest::newRow("given") << QStringList{QStringLiteral("--headless"), QStringLiteral("--demo"),
                                              QStringLiteral("--duration"), QStringLiteral("3")};
    }
    void runsTheDemoWithOrWithoutHeadless()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir home;
        const ProgramRun result = run(m_agent, arguments, home.path());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        static const QRegularExpression attemptLine(QStringLiteral(" #\\d+\\.\\d+ "));
        QVERIFY2(result.out.count(attemptLine) >= 10, qPrintable(result.out.left(2000)));
    }

    // The running agent maps no graphical library, while `retryscope
    // --headless` does (which is why the agent exists, and which shows that
    // the check can see one).
    void mapsNoGraphicalLibrary()
    {
        QTemporaryDir home;
        QProcess agent;
        QByteArray out;
        const QUrl metrics = startAgent(agent, m_agent, home.path(), {}, {QStringLiteral("--demo")}, out);
        QVERIFY2(metrics.isValid(), out.constData());
        QNetworkAccessManager manager;
        QTRY_VERIFY_WITH_TIMEOUT(
            sendAndWait(manager, QNetworkRequest(metrics)).body.contains("retryscope_attempts_total{"), 20000);
        const QStringList agentLibraries = mappedLibraries(agent.processId());
        QVERIFY2(agentLibraries.join(u'\n').contains(QStringLiteral("libQt6Network")),
                 qPrintable(agentLibraries.join(u'\n')));
        QVERIFY2(guiIn(agentLibraries).isEmpty(), qPrintable(guiIn(agentLibraries).join(u'\n')));
        agent.terminate();
        QVERIFY(agent.waitForFinished(20000));
        QCOMPARE(agent.exitCode(), 0);

        QProcess dashboard;
        QByteArray dashboardOut;
        QVERIFY(
            startAgent(dashboard, m_dashboard, home.path(), {}, {QStringLiteral("--demo")}, dashboardOut).isValid());
        const QStringList dashboardGui = guiIn(mappedLibraries(dashboard.processId()));
        dashboard.terminate();
        QVERIFY(dashboard.waitForFinished(20000));
        QVERIFY(dashboardGui.join(u'\n').contains(QStringLiteral("libQt6Widgets")));
    }
};

QTEST_GUILESS_MAIN(TestAgent)
#include "tst_agent.moc"
