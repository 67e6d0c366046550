// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/headlessmode.h"

#include "app/endpointsource.h"
#include "app/historysetup.h"
#include "app/metricsexport.h"
#include "core/console/consoleformat.h"
#include "core/monitor/monitor.h"
#include "core/store/csvappender.h"
#include "core/store/recordcsv.h"
#include "core/util/randomsource.h"
#include "core/util/terminationsignals.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

// Writes to one CSV log and reports the first failure (a full disk, say)
// without stopping the monitor.
class CsvLog
{
public:
    CsvLog(QTextStream &err)
        : m_err(err)
    { }

    QString open(const QString &path, const QStringList &header, const QList<QStringList> &olderHeaders)
    {
        return path.isEmpty() ? QString() : m_file.open(path, header, olderHeaders);
    }
    [[nodiscard]] qsizetype columns() const { return m_file.columns(); }

    void append(const QByteArray &line)
    {
        if (!m_file.isOpen())
            return;
        const qint64 failedBefore = m_file.failedLines();
        const QString error = m_file.append(line);
        if (!error.isEmpty() && !m_failing)
            m_err << "retryscope: " << error << "; polling continues" << Qt::endl;
        if (error.isEmpty() && m_failing)
            m_err << "retryscope: " << m_file.path() << ": writing again; " << failedBefore
                  << " lines could not be written" << Qt::endl;
        m_failing = !error.isEmpty();
    }

private:
    QTextStream &m_err;
    CsvAppender m_file;
    bool m_failing = false;
};

} // namespace

int runHeadless(int &argc, char **argv, const CommandLine &commandLine)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const SystemClock clock;
    SeededRandom random(SeededRandom::entropySeed());

    EndpointSource source = openEndpointSource(commandLine, clock);
    if (!source.error.isEmpty()) {
        err << "retryscope: " << source.error << Qt::endl;
        return source.exitCode;
    }
    CsvLog attempts(err);
    CsvLog transitions(err);
    for (const auto &[log, path, header, older] :
         {std::tuple{&attempts, commandLine.csv, RecordCsv::attemptHeader(),
                     QList<QStringList>{RecordCsv::attemptHeaderV1()}},
          std::tuple{&transitions, commandLine.transitionsCsv, RecordCsv::transitionHeader(), QList<QStringList>{}}}) {
        if (const QString error = log->open(path, header, older); !error.isEmpty()) {
            err << "retryscope: " << error << Qt::endl;
            return 1;
        }
    }

    History history(clock);
    QObject::connect(&history, &History::writeFailed, &app, [&err](const QString &error) {
        err << "retryscope: " << error << "; polling continues, records are kept until it can write" << Qt::endl;
    });
    QObject::connect(&history, &History::writeRecovered, &app, [&err](qint64 dropped) {
        err << "retryscope: history: writing again; " << dropped << " attempts dropped meanwhile" << Qt::endl;
    });
    Monitor monitor(clock, random);
    const MetricsExport metrics = startMetricsExport(commandLine, monitor, clock);
    if (!metrics.error.isEmpty()) {
        err << "retryscope: " << metrics.error << Qt::endl;
        return 1;
    }
    if (!metrics.url.isEmpty())
        source.notes.append(QStringLiteral("metrics at ") + metrics.url);
    QString historyNote;
    if (const QString error = setUpHistory(history, monitor, commandLine, source.endpoints, &historyNote);
        !error.isEmpty())
        err << "retryscope: " << error << "; running without history" << Qt::endl;
    else
        source.notes.append(historyNote);
    QObject::connect(&monitor, &Monitor::attemptRecorded, &app, [&](const AttemptRecord &record) {
        out << ConsoleFormat::attemptLine(record) << Qt::endl;
        attempts.append(RecordCsv::attemptLine(record, attempts.columns()));
    });
    QObject::connect(&monitor, &Monitor::transitioned, &app, [&](const BreakerTransition &transition) {
        out << ConsoleFormat::transitionLine(transition) << Qt::endl;
        transitions.append(RecordCsv::transitionLine(transition));
    });
    QObject::connect(&monitor, &Monitor::connectivityChanged, &app, [&](bool online, const QString &reason) {
        out << ConsoleFormat::connectivityLine(clock.utcNow(), online, reason) << Qt::endl;
    });
    QObject::connect(&monitor, &Monitor::wokeLate, &app, [&](std::chrono::milliseconds late, int overdue) {
        out << ConsoleFormat::lateWakeLine(clock.utcNow(), late, overdue) << Qt::endl;
    });
    QObject::connect(&monitor, &Monitor::configReloaded, &app, [&out](const QString &path, int count) {
        out << "config: applied " << count << " endpoints from " << path << Qt::endl;
    });
    QObject::connect(&monitor, &Monitor::configRejected, &app, [&err](const QString &error) {
        err << "retryscope: config not applied, still running the previous set: " << error << Qt::endl;
    });

    out << "retryscope " RETRYSCOPE_VERSION ": monitoring " << source.endpoints.size() << " endpoints; Ctrl+C to stop"
        << Qt::endl;
    if (const ConnectivitySettings &check = source.document.connectivity; check.enabled())
        source.notes.append(QStringLiteral("online while %1 answers 2xx (checked every %2 ms)")
                                .arg(redactedUrl(check.checkUrl))
                                .arg(check.interval.count()));
    for (const QString &note : std::as_const(source.notes))
        out << "  " << note << Qt::endl;

    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &app, [] { QCoreApplication::quit(); });
    if (commandLine.durationSeconds) {
        QTimer::singleShot(std::chrono::milliseconds(qint64(*commandLine.durationSeconds * 1000)), &app,
                           [] { QCoreApplication::quit(); });
    }
    monitor.setDocument(source.document); // the file's own objects: no JSON written per endpoint
    if (!source.watchPath.isEmpty())
        monitor.watch(source.watchPath, QProcessEnvironment::systemEnvironment());

    QCoreApplication::exec();
    // Cycles still running end as `cancelled`, and are logged as such.
    monitor.stop();
    QCoreApplication::sendPostedEvents(); // queued transitions
    if (const QString error = history.isOpen() ? history.flush() : QString(); !error.isEmpty())
        err << "retryscope: " << error << Qt::endl;
    out.flush();
    return 0;
}
