// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/attemptcolumns.h"
#include "core/store/csv.h"
#include "core/store/history.h"
#include "core/store/historyqueries.h"
#include "core/store/recordcsv.h"
#include "tests/support/filesizelimit.h"
#include "tests/support/rfc4180reader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc());

AttemptRecord record(const char *endpoint, qint64 cycle, int attempt, AttemptOutcome outcome, ErrorCategory category,
                     std::optional<qint64> latency, qint64 secondsAfter = 0)
{
    AttemptRecord r;
    r.timeUtc = t0.addSecs(secondsAfter);
    r.endpoint = QString::fromLatin1(endpoint);
    r.method = "GET";
    r.url = QStringLiteral("http://a.test/x?y=1");
    r.cycle = cycle;
    r.attempt = attempt;
    r.outcome = outcome;
    r.category = category;
    r.breaker = r.endpoint;
    if (latency) {
        r.latency = std::chrono::milliseconds(*latency);
        r.phases.finished = r.latency;
        r.phases.requestSent = 1ms;
    }
    if (category != ErrorCategory::Ok && category != ErrorCategory::CircuitOpen) {
        r.httpStatus = 503;
        r.retriable = true;
        r.error = QStringLiteral("HTTP 503, \"busy\"");
    }
    if (outcome == AttemptOutcome::Retry)
        r.delay = 250ms;
    if (outcome == AttemptOutcome::Failed)
        r.reason = CycleEndReason::MaxAttempts;
    if (outcome == AttemptOutcome::Rejected) {
        r.reason = CycleEndReason::CircuitOpen;
        r.breakerState = BreakerState::Open;
    }
    r.transmissions = latency ? 1 : 0;
    return r;
}

// The aggregate example, by hand: 4 cycles, 6 attempts.
QList<AttemptRecord> sample()
{
    using O = AttemptOutcome;
    using C = ErrorCategory;
    return {record("a", 1, 1, O::Retry, C::ServerError, 10, 0),  record("a", 1, 2, O::Success, C::Ok, 20, 1),
            record("a", 2, 1, O::Success, C::Ok, 30, 2),         record("a", 3, 1, O::Retry, C::ServerError, 40, 3),
            record("a", 3, 2, O::Failed, C::ServerError, 50, 4), record("a", 4, 1, O::Rejected, C::CircuitOpen, {}, 5),
            record("b", 1, 1, O::Success, C::Ok, 7, 6)};
}

HistoryRange all()
{
    return {t0.addDays(-30), t0.addDays(30), {}};
}

} // namespace

class TestHistory final : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock{t0};

private slots:
    void createsAVersionedWalDatabase()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("h/history.sqlite"))), QString());
        QSqlQuery query(history.database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), History::schemaVersion);
    }

    // The table holds exactly the described columns, with their types; a
    // column described but not migrated (or the other way) fails here.
    void tableHoldsEveryDescribedColumn()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        QSqlQuery query(history.database());
        QVERIFY(query.exec(QStringLiteral("SELECT name, type, \"notnull\" FROM pragma_table_info('attempts')"
                                          " WHERE name <> 'id' ORDER BY name")));
        QStringList actual;
        while (query.next()) {
            actual.append(query.value(0).toString() + u' ' + query.value(1).toString()
                          + (query.value(2).toBool() ? QStringLiteral(" NOT NULL") : QString()));
        }
        QStringList described;
        for (const AttemptColumns::Column &c : AttemptColumns::all()) {
            if (!c.sql.isEmpty())
                described.append(QString(c.sql) + u' ' + AttemptColumns::sqlType(c));
        }
        described.sort();
        QCOMPARE(actual, described);
        QCOMPARE(described.size(), 28);
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            History history(m_clock);
            QCOMPARE(history.open(path), QString());
            QSqlQuery(history.database()).exec(QStringLiteral("PRAGMA user_version=99"));
        }
        History history(m_clock);
        const QString error = history.open(path);
        QVERIFY2(error.contains(QLatin1String("schema version 99")), qPrintable(error));
    }

    // A version-1 database (before queue_ms) is migrated in place: its rows
    // stay, with no queue time, and new rows carry theirs.
    void migratesAVersion1Database()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            History history(m_clock);
            QCOMPARE(history.open(path), QString());
            QSqlQuery undo(history.database());
            for (const char *later : {"queue_ms", "slow", "ratelimit_remaining", "ratelimit_reset_ms"})
                QVERIFY(undo.exec(QStringLiteral("ALTER TABLE attempts DROP COLUMN %1").arg(QLatin1String(later))));
            QVERIFY(undo.exec(QStringLiteral(
                "INSERT INTO attempts (time_ms, endpoint, method, url, cycle, attempt, outcome, category,"
                " breaker_state, error, transmissions, redirects, body_bytes, breaker, latency_ms)"
                " VALUES (1, 'old', 'GET', 'http://a/', 1, 1, 'success', 'ok', 'closed', '', 1, 0, 0, 'old', 5)")));
            QVERIFY(undo.exec(QStringLiteral("PRAGMA user_version=1")));
        }
        History history(m_clock);
        QCOMPARE(history.open(path), QString());
        QSqlQuery query(history.database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), 3);
        AttemptRecord fresh = record("new", 1, 1, AttemptOutcome::Success, ErrorCategory::Ok, 7);
        fresh.phases.queued = std::chrono::milliseconds(3);
        fresh.slow = true;
        fresh.rateLimitRemaining = 5;
        history.add(fresh);
        QCOMPARE(history.flush(), QString());
        QVERIFY(query.exec(
            QStringLiteral("SELECT endpoint, queue_ms, slow, ratelimit_remaining FROM attempts ORDER BY id")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("old"));
        for (int column = 1; column <= 3; ++column)
            QVERIFY(query.value(column).isNull());
        QVERIFY(query.next());
        QCOMPARE(query.value(1).toInt(), 3);
        QCOMPARE(query.value(2).toInt(), 1);
        QCOMPARE(query.value(3).toInt(), 5);
    }

    void writesInBatchesThatSurviveReopening()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        const QList<AttemptRecord> records = sample();
        {
            History history(m_clock);
            QCOMPARE(history.open(path), QString());
            for (const AttemptRecord &r : records)
                history.add(r);
            QCOMPARE(history.attemptCount(), 0); // still in the batch
            QTRY_COMPARE_WITH_TIMEOUT(history.attemptCount(), records.size(), 2000);
            history.add(records.first()); // pending at destruction: written then
        }
        History reopened(m_clock);
        QCOMPARE(reopened.open(path), QString());
        QCOMPARE(reopened.attemptCount(), records.size() + 1);
        const AttemptPage page = HistoryQueries::attempts(reopened.database(), all(), 0, 100);
        QCOMPARE(page.records.size(), records.size() + 1);
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(page.records[i], records[i]);
    }

    // Every stored field of a record, each set to its own value, comes back
    // as it went in: each column's get and set agree.
    void everyColumnRoundTrips()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        AttemptRecord r = record("full", 7, 3, AttemptOutcome::Failed, ErrorCategory::RateLimited, 41, 9);
        r.method = "PUT";
        r.url = QStringLiteral("https://***@a.test/p?q=1");
        r.httpStatus = 429;
        r.retriable = false;
        r.reason = CycleEndReason::RetryAfterTooLong;
        r.delay = 1234ms;
        r.retryAfter = 60000ms;
        r.breakerState = BreakerState::HalfOpen;
        r.error = QStringLiteral("=1+1, \"quoted\"\nline");
        r.transmissions = 2;
        r.redirects = 3;
        r.bodyBytes = 4567;
        r.breaker = QStringLiteral("shared-key");
        r.slow = true; // not on a failure in practice; the column does not care
        r.rateLimitRemaining = 0;
        r.rateLimitReset = 61000ms;
        r.phases = {2ms, 5ms, 8ms, 30ms, std::nullopt, 6ms};
        r.phases.finished = *r.latency + *r.phases.queued; // what reading back derives
        history.add(r);
        QCOMPARE(history.flush(), QString());
        const AttemptPage page = HistoryQueries::attempts(history.database(), all(), 0, 10);
        QCOMPARE(page.records.size(), 1);
        QCOMPARE(page.records.first(), r);
    }

    // A full disk (SQLite's "database or disk is full", made here with
    // max_page_count): one clear error, records kept in memory up to the cap
    // and the oldest dropped beyond it, and writing resumes by itself.
    void fullDiskKeepsRecordsUpToTheCapAndRecovers()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        history.setMaxPending(500);
        QSignalSpy failed(&history, &History::writeFailed);
        QSignalSpy recovered(&history, &History::writeRecovered);
        QSqlQuery pragma(history.database());
        QVERIFY(pragma.exec(QStringLiteral("PRAGMA page_count")) && pragma.next());
        const qint64 pages = pragma.value(0).toLongLong();
        QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));

        for (int i = 0; i < 2000; ++i) {
            AttemptRecord r = record("full", i, 1, AttemptOutcome::Failed, ErrorCategory::ServerError, 5);
            r.error = QString(200, QLatin1Char('e'));
            history.add(r);
        }
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 3000);
        const QString error = failed.front().front().toString();
        QVERIFY2(error.contains(QLatin1String("full")), qPrintable(error));
        QCOMPARE(history.attemptCount(), 0);
        QVERIFY(history.pendingAttempts() <= 500);
        QCOMPARE(history.droppedAttempts() + history.pendingAttempts(), 2000);
        QTest::qWait(3 * int(History::batchInterval.count()));
        QCOMPARE(failed.size(), 1); // said once, not every 200 ms

        QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 3000);
        const qint64 dropped = recovered.front().front().toLongLong();
        QCOMPARE(history.attemptCount(), 2000 - dropped);
        QVERIFY(dropped >= 1500);
        QCOMPARE(history.droppedAttempts(), 0);
        // The newest records are the ones kept.
        const AttemptPage page = HistoryQueries::attempts(history.database(), all(), 0, 1);
        QCOMPARE(page.records.front().cycle, dropped);
    }

    void pagesThroughARange()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        for (int i = 0; i < 25; ++i)
            history.add(record(i % 2 ? "odd" : "even", i, 1, AttemptOutcome::Success, ErrorCategory::Ok, i, i));
        QCOMPARE(history.flush(), QString());
        HistoryRange range{t0, t0.addSecs(20), {QStringLiteral("even")}}; // seconds 0, 2, ..., 18
        QList<qint64> cycles;
        qint64 after = 0;
        for (int pages = 0; pages < 10; ++pages) {
            const AttemptPage page = HistoryQueries::attempts(history.database(), range, after, 4);
            for (const AttemptRecord &r : page.records)
                cycles.append(r.cycle);
            if (page.records.isEmpty())
                break;
            after = page.lastId;
        }
        QCOMPARE(cycles, (QList<qint64>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18}));
    }

    void aggregatesMatchHandComputedValues()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        for (const AttemptRecord &r : sample())
            history.add(r);
        QCOMPARE(history.flush(), QString());
        const QList<EndpointAggregate> aggregates = HistoryQueries::aggregates(history.database(), all());
        QCOMPARE(aggregates.size(), 2);
        const EndpointAggregate &a = aggregates.first();
        QCOMPARE(a.endpoint, QStringLiteral("a"));
        QCOMPARE(a.attempts, 6);
        QCOMPARE(a.cycles, 4);
        QCOMPARE(a.successfulCycles, 2);
        QCOMPARE(a.firstTrySuccesses, 1);
        QCOMPARE(a.failedCycles, 1);
        QCOMPARE(a.rejectedCycles, 1);
        QCOMPARE(a.retries, 2);
        QCOMPARE(a.successRate(), 0.5);
        QCOMPARE(a.firstTrySuccessRate(), 0.25);
        QCOMPARE(a.retriesPerCycle(), 0.5);
        QCOMPARE(a.latencyP50, 30); // nearest rank over 10, 20, 30, 40, 50
        QCOMPARE(a.latencyP95, 50);
        QCOMPARE(a.categories,
                 (QMap<QString, qint64>{{QStringLiteral("circuit_open"), 1},
                                        {QStringLiteral("ok"), 2},
                                        {QStringLiteral("server_error"), 3}}));
        // A narrower window sees less.
        const auto narrow = HistoryQueries::aggregates(history.database(), {t0.addSecs(2), t0.addSecs(3), {}});
        QCOMPARE(narrow.size(), 1);
        QCOMPARE(narrow.first().attempts, 1);
        QCOMPARE(narrow.first().firstTrySuccessRate(), 1.0);
    }

    void retentionByAgeAndCount()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        for (int day = 10; day >= 0; --day)
            history.add(record("a", 10 - day, 1, AttemptOutcome::Success, ErrorCategory::Ok, 1, -day * 86400));
        history.add(BreakerTransition{
            t0.addDays(-9), QStringLiteral("a"), BreakerState::Closed, BreakerState::Open, QStringLiteral("old"), {}});
        QCOMPARE(history.flush(), QString());
        // Older than 7 days: the attempts of days 10, 9 and 8, and the
        // transition; day 7 lies exactly on the cutoff and stays.
        QCOMPARE(history.applyRetention(t0), 3 + 1);
        QCOMPARE(history.attemptCount(), 8);
        QCOMPARE(history.transitionCount(), 0);
        history.setRetention(std::chrono::hours(24 * 7), 3);
        QCOMPARE(history.applyRetention(t0), 5);
        const AttemptPage left = HistoryQueries::attempts(history.database(), all(), 0, 10);
        QCOMPARE(left.records.size(), 3);
        QCOMPARE(left.records.first().cycle, 8); // the newest three remain
    }

    // An export onto a disk that fills up: the reason in words, and the
    // earlier file left as it was (QSaveFile never renames a half file).
    void exportToAFullDiskSaysWhyAndLeavesTheOldFile()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        for (int i = 0; i < 5000; ++i) {
            AttemptRecord r = record("full", i, 1, AttemptOutcome::Failed, ErrorCategory::ServerError, 5);
            r.error = QString(200, QLatin1Char('e'));
            history.add(r);
        }
        QCOMPARE(history.flush(), QString());
        const QString path = dir.filePath(QStringLiteral("export.csv"));
        QFile earlier(path);
        QVERIFY(earlier.open(QIODevice::WriteOnly));
        earlier.write("an earlier export\r\n");
        earlier.close();

        QString error;
        {
            const FileSizeLimit full(256 * 1024); // the export needs about 1.3 MB
            QVERIFY(full.isActive());
            error = HistoryQueries::exportAttempts(history.database(), all(), path, {});
        }
        QCOMPARE(error, path + QStringLiteral(": write failed: File too large"));
        QVERIFY(earlier.open(QIODevice::ReadOnly));
        QCOMPARE(earlier.readAll(), QByteArray("an earlier export\r\n"));
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("export.csv*")}, QDir::Files),
                 QStringList{QStringLiteral("export.csv")}); // no temporary file left behind
        // With room again, the same export works.
        QCOMPARE(HistoryQueries::exportAttempts(history.database(), all(), path, {}), QString());
    }

    void exportsStreamToCsv()
    {
        QTemporaryDir dir;
        History history(m_clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        const QList<AttemptRecord> records = sample();
        for (const AttemptRecord &r : records)
            history.add(r);
        history.add(BreakerTransition{t0, QStringLiteral("a"), BreakerState::Closed, BreakerState::Open,
                                      QStringLiteral("3 consecutive failures"), t0.addSecs(30)});
        QCOMPARE(history.flush(), QString());

        const QString path = dir.filePath(QStringLiteral("export.csv"));
        QList<qint64> progress;
        QCOMPARE(HistoryQueries::exportAttempts(history.database(), {t0, t0.addDays(1), {QStringLiteral("a")}}, path,
                                                [&progress](qint64 done, qint64 total) {
                                                    progress.append(done);
                                                    return total == 6;
                                                }),
                 QString());
        QCOMPARE(progress.last(), 6);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray exported = file.readAll();
        const Rfc4180Result parsed = readRfc4180(exported);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        QCOMPARE(parsed.records.size(), 7);
        QCOMPARE(parsed.records.first(), RecordCsv::attemptHeader());
        // Byte for byte what the live log writes for the same records.
        QByteArray live = Csv::line(RecordCsv::attemptHeader());
        for (int i = 0; i < 6; ++i)
            live += RecordCsv::attemptLine(records[i]);
        QCOMPARE(exported, live);
        QCOMPARE(parsed.records[6].at(1), QStringLiteral("a"));
        QCOMPARE(parsed.records[6].at(6), QStringLiteral("rejected"));
        QCOMPARE(parsed.records[6].at(16), QString()); // transmissions: never sent

        const QString transitions = dir.filePath(QStringLiteral("transitions.csv"));
        QCOMPARE(HistoryQueries::exportTransitions(history.database(), all(), transitions), QString());
        QFile tfile(transitions);
        QVERIFY(tfile.open(QIODevice::ReadOnly));
        QCOMPARE(tfile.readAll(),
                 QByteArray("time_utc,endpoint,from,to,reason\r\n"
                            "2026-11-28T12:00:00.000Z,a,closed,open,3 consecutive failures\r\n"));
        // A cancelled export leaves the previous file as it was.
        QCOMPARE(HistoryQueries::exportAttempts(history.database(), all(), path, [](qint64, qint64) { return false; }),
                 QStringLiteral("export cancelled"));
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(readRfc4180(again.readAll()).records.size(), 7);
        // An export that cannot be written leaves nothing behind.
        const QString error
            = HistoryQueries::exportAttempts(history.database(), all(), dir.filePath(QStringLiteral("missing/x.csv")));
        QVERIFY(!error.isEmpty());
    }

    void keepsBreakerStatesAndRetryAfterMoments()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            History history(m_clock);
            QCOMPARE(history.open(path), QString());
            history.add(BreakerTransition{t0, QStringLiteral("a"), BreakerState::Closed, BreakerState::Open,
                                          QStringLiteral("5 consecutive failures"), t0.addSecs(60)});
            history.add(BreakerTransition{
                t0, QStringLiteral("b"), BreakerState::Closed, BreakerState::ForcedOpen, QStringLiteral("manual"), {}});
            history.setNotBefore(QStringLiteral("c"), t0.addSecs(45));
        }
        History history(m_clock);
        QCOMPARE(history.open(path), QString());
        const PersistedState state = history.loadState();
        QCOMPARE(state.breakers.value(QStringLiteral("a")).state, BreakerState::Open);
        QCOMPARE(state.breakers.value(QStringLiteral("a")).openUntilUtc, t0.addSecs(60));
        QCOMPARE(state.breakers.value(QStringLiteral("a")).openDuration, 60000ms);
        QCOMPARE(state.breakers.value(QStringLiteral("b")).state, BreakerState::ForcedOpen);
        QCOMPARE(state.notBeforeUtc.value(QStringLiteral("c")), t0.addSecs(45));
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
