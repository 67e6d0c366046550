// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #7's faults, end to end on the real binary: kill -9 in the middle of
// heavy polling, and a disk that fills up (a real, private tmpfs).
#include "core/config/endpointsfile.h"
#include "core/faultserver/faultserver.h"
#include "core/store/recordcsv.h"
#include "core/util/clock.h"
#include "tests/support/appprocess.h"
#include "tests/support/rfc4180reader.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Polls `count` endpoints every 100 ms: several hundred attempts a second,
// a third of them failing and retried.
QString writeConfig(const QString &dir, const FaultServer &server, int count)
{
    QJsonArray endpoints;
    for (int i = 0; i < count; ++i) {
        const QString route = i % 3 == 0 ? QStringLiteral("/status/503") : QStringLiteral("/ok");
        endpoints.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("e%1").arg(i, 2, 10, QLatin1Char('0'))},
            {QStringLiteral("url"), server.url(route).toString()},
            {QStringLiteral("intervalMs"), 100},
            {QStringLiteral("retry"),
             QJsonObject{{QStringLiteral("initialDelayMs"), 10}, {QStringLiteral("maxAttempts"), 3}}},
            {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("enabled"), false}}},
        });
    }
    QString path = dir + QStringLiteral("/endpoints.json");
    if (!writeJsonFile(path, QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), endpoints}}))
        return {};
    return path;
}

// "2026-11-28T14:50:47.123Z  e07            #12.2 ..." -> "e07#12.2", and its time.
const QRegularExpression attemptLine(QStringLiteral("^(\\S+Z)  (e\\d\\d)\\s+#(\\d+\\.\\d+) "),
                                     QRegularExpression::MultilineOption);

struct PrintedAttempts
{
    QSet<QString> keys;
    QHash<QString, QDateTime> times;
    QDateTime latest;
};

PrintedAttempts printedAttempts(const QString &stdoutText)
{
    PrintedAttempts printed;
    auto it = attemptLine.globalMatch(stdoutText);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString key = match.captured(2) + u'#' + match.captured(3);
        const QDateTime time = QDateTime::fromString(match.captured(1), Qt::ISODateWithMs);
        printed.keys.insert(key);
        printed.times.insert(key, time);
        if (!printed.latest.isValid() || time > printed.latest)
            printed.latest = time;
    }
    return printed;
}

// Whether this machine lets a process make its own mount namespace (user
// namespaces), for a private tmpfs or read-only mount.
bool canUnshare()
{
    QProcess probe;
    probe.start(QStringLiteral("unshare"), {QStringLiteral("-rm"), QStringLiteral("true")});
    return probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

QString findFile(const QString &root, const QString &name)
{
    QDirIterator it(root, {name}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    return it.hasNext() ? it.next() : QString();
}

struct HistoryCheck
{
    QString integrity;
    QSet<QString> keys; // cycles restart from 1 in a new run: one run's keys only
    qint64 rows = 0;
};

HistoryCheck checkHistory(const QString &path)
{
    HistoryCheck check;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next())
                check.integrity = query.value(0).toString();
            query.exec(QStringLiteral("SELECT endpoint, cycle, attempt FROM attempts"));
            while (query.next() && ++check.rows)
                check.keys.insert(query.value(0).toString() + u'#' + query.value(1).toString() + u'.'
                                  + query.value(2).toString());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return check;
}

Rfc4180Result readCsvFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("cannot read ") + path};
    return readRfc4180(file.readAll());
}

} // namespace

class TestDurability final : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    FaultServer m_server{m_clock};

private slots:
    void initTestCase() { QVERIFY(m_server.listen(0)); }

    // kill -9 while several hundred attempts a second are being written:
    // the history opens intact, holds only attempts that happened, and lost
    // at most the last batch (History::batchInterval, 200 ms; docs/hardening.md);
    // the CSV ends with a whole line; a restart carries on in the same files.
    void killNineLosesAtMostTheLastBatch()
    {
        QTemporaryDir home;
        const QString config = writeConfig(home.path(), m_server, 40);
        const QString csv = home.filePath(QStringLiteral("attempts.csv"));
        const QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--config"), config,
                                    QStringLiteral("--csv"), csv};
        QProcess process;
        process.setProcessEnvironment(privateEnvironment(home.path()));
        process.start(QStringLiteral(RETRYSCOPE_BINARY), arguments);
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).count("Z  e") >= 1500
                                     || process.state() == QProcess::NotRunning,
                                 60000);
        QVERIFY2(process.state() == QProcess::Running, process.readAllStandardError().constData());
        process.kill(); // SIGKILL: no flush, no destructor, nothing
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10000);
        out += process.readAllStandardOutput();
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);

        const PrintedAttempts printed = printedAttempts(QString::fromUtf8(out));
        QVERIFY(printed.keys.size() >= 1500);
        const QString historyPath = findFile(home.path(), QStringLiteral("history.sqlite"));
        QVERIFY(!historyPath.isEmpty());
        const HistoryCheck history = checkHistory(historyPath);
        QCOMPARE(history.integrity, QStringLiteral("ok"));
        QVERIFY2(history.keys.size() > printed.keys.size() / 2, qPrintable(QString::number(history.keys.size())));
        QVERIFY((history.keys - printed.keys).isEmpty()); // nothing that did not happen
        const QSet<QString> lost = printed.keys - history.keys;
        // Lost attempts are only the newest: within a second of the last one
        // printed (the bound is 200 ms plus the batch being committed; the
        // margin absorbs a slow, sanitized build).
        for (const QString &key : lost) {
            QVERIFY2(printed.times.value(key).msecsTo(printed.latest) <= 1000,
                     qPrintable(key + QStringLiteral(" lost although older than the last batch")));
        }
        qInfo("kill -9 after %lld printed attempts: %lld in the history, %lld lost", qint64(printed.keys.size()),
              qint64(history.keys.size()), qint64(lost.size()));

        const Rfc4180Result csvAfterKill = readCsvFile(csv);
        QVERIFY2(csvAfterKill.error.isEmpty(), qPrintable(csvAfterKill.error)); // ends with a whole line
        QVERIFY(qAbs(csvAfterKill.records.size() - 1 - printed.keys.size()) <= 1);

        // A restart appends to both, without a second header.
        QProcess again;
        again.setProcessEnvironment(privateEnvironment(home.path()));
        again.start(QStringLiteral(RETRYSCOPE_BINARY),
                    arguments + QStringList{QStringLiteral("--duration"), QStringLiteral("2")});
        QTRY_COMPARE_WITH_TIMEOUT(again.state(), QProcess::NotRunning, 60000);
        QCOMPARE(again.exitCode(), 0);
        const Rfc4180Result csvAfterRestart = readCsvFile(csv);
        QVERIFY2(csvAfterRestart.error.isEmpty(), qPrintable(csvAfterRestart.error));
        QVERIFY(csvAfterRestart.records.size() > csvAfterKill.records.size());
        QCOMPARE(csvAfterRestart.records.count(RecordCsv::attemptHeader()), 1);
        const HistoryCheck restarted = checkHistory(historyPath);
        QCOMPARE(restarted.integrity, QStringLiteral("ok"));
        QVERIFY(restarted.rows > history.rows);
    }

    // kill -9 in the middle of saving the endpoints file (4,000 endpoints,
    // about 1.3 MB, saved over and over): every time, the file on disk is one
    // of the two versions whole, never a truncated mix.
    void killNineDuringASaveLeavesAWholeFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("endpoints.json"));
        for (int round = 0; round < 20; ++round) {
            QProcess saver;
            saver.start(QStringLiteral(SAVEHAMMER_BINARY), {path});
            QVERIFY(saver.waitForStarted());
            // Wait for a save or more, then kill at a moment that moves
            // through the next save.
            QByteArray said; // QTRY_ evaluates its condition more than once: accumulate
            QTRY_VERIFY_WITH_TIMEOUT((said += saver.readAllStandardOutput()).contains("saved"), 30000);
            QTest::qWait(2 + 5 * round);
            saver.kill(); // the helper does nothing but save: every kill lands inside one
            QTRY_COMPARE_WITH_TIMEOUT(saver.state(), QProcess::NotRunning, 10000);
            const EndpointsLoadResult loaded = EndpointsFile::load(path, QProcessEnvironment());
            QVERIFY2(loaded.ok(), qPrintable(loaded.error));
            QCOMPARE(loaded.document.endpoints.size(), 4000);
            const auto interval = loaded.document.endpoints.first().interval;
            for (const Endpoint &e : loaded.document.endpoints)
                QCOMPARE(e.interval, interval); // one version, not a mix
            // The .bak appears with the second save ever made: the first
            // round may be killed before that; from then on it must be there
            // and whole.
            const QString backup = path + QStringLiteral(".bak");
            if (round > 0 || QFileInfo::exists(backup)) {
                const EndpointsLoadResult kept = EndpointsFile::load(backup, QProcessEnvironment());
                QVERIFY2(kept.ok(), qPrintable(kept.error));
                QCOMPARE(kept.document.endpoints.size(), 4000);
            }
        }
    }

    // A read-only config folder (a read-only bind mount, private to the run):
    // the first start cannot create its file and says why, instead of
    // running on with nothing saved.
    void readOnlyConfigFolderIsAClearError()
    {
        if (!canUnshare())
            QSKIP("unshare -rm is not permitted here, so no private read-only mount can be made");
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral(".config"));
        QDir().mkpath(config);
        const QString script
            = QStringLiteral("set -e; mount --bind \"$1\" \"$1\"; mount -o remount,ro,bind \"$1\" \"$1\"\n"
                             "shift; exec \"$@\"\n");
        QProcess process;
        process.setProcessEnvironment(privateEnvironment(home.path()));
        process.start(QStringLiteral("unshare"),
                      {QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"),
                       config, QStringLiteral(RETRYSCOPE_BINARY), QStringLiteral("--headless"),
                       QStringLiteral("--duration"), QStringLiteral("1")});
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 30000);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 1);
        QCOMPARE(err,
                 QStringLiteral("retryscope: %1/retryscope/endpoints.json: cannot create folder %1/retryscope: "
                                "Read-only file system\n")
                     .arg(config));
        QVERIFY(process.readAllStandardOutput().isEmpty()); // no monitoring without its file
    }

    // A real full disk: a 1 MiB tmpfs, private to the run (unshare), nearly
    // filled by a ballast file that is deleted after three seconds. Both
    // logs say clearly that they cannot write, polling goes on, the CSV
    // never holds half a line, and writing resumes once there is room.
    void fullDiskKeepsPollingAndResumes()
    {
        if (!canUnshare())
            QSKIP("unshare -rm is not permitted here, so no private tmpfs can be mounted for a real full disk");

        QTemporaryDir work;
        const QString config = writeConfig(work.path(), m_server, 20);
        const QString disk = work.filePath(QStringLiteral("disk"));
        QDir().mkpath(disk);
        const QString script
            = QStringLiteral("set -e; disk=$1; shift; mount -t tmpfs -o size=1m tmpfs \"$disk\"\n"
                             "dd if=/dev/zero of=\"$disk/ballast\" bs=1k count=900 2>/dev/null\n"
                             "( sleep 3; rm \"$disk/ballast\" ) &\n"
                             "set +e; \"$@\"; status=$?\n"
                             "cp \"$disk/attempts.csv\" \"$disk/../attempts-copy.csv\"; wait; exit $status\n");
        QProcess process;
        QProcessEnvironment environment = privateEnvironment(disk);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral("unshare"),
                      {QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"),
                       disk, QStringLiteral(RETRYSCOPE_BINARY), QStringLiteral("--headless"),
                       QStringLiteral("--config"), config, QStringLiteral("--csv"),
                       disk + QStringLiteral("/attempts.csv"), QStringLiteral("--duration"), QStringLiteral("7")});
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 60000);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(err));

        QVERIFY2(err.contains(QStringLiteral("attempts.csv: write failed: No space left on device; polling continues")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("history: ")) && err.contains(QStringLiteral("database or disk is full")),
                 qPrintable(err));
        QVERIFY2(err.contains(QRegularExpression(
                     QStringLiteral("attempts.csv: writing again; [1-9]\\d* lines could not be written"))),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("history: writing again; 0 attempts dropped meanwhile")), qPrintable(err));

        const Rfc4180Result csv = readCsvFile(work.filePath(QStringLiteral("attempts-copy.csv")));
        QVERIFY2(csv.error.isEmpty(), qPrintable(csv.error)); // no half line anywhere
        for (const QStringList &record : csv.records)
            QCOMPARE(record.size(), RecordCsv::attemptHeader().size());
        const qsizetype printed = printedAttempts(out).keys.size();
        QVERIFY2(printed > csv.records.size(), "polling went on while the CSV could not be written");
        qInfo("disk full: %lld attempts printed, %lld in the CSV", qint64(printed), qint64(csv.records.size() - 1));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
