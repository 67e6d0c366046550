// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/endpointstats.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

using namespace std::chrono_literals;

namespace {

const QDateTime t0(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc());

AttemptRecord record(const char *endpoint, int attempt, AttemptOutcome outcome, std::optional<qint64> latency,
                     qint64 secondsAfter)
{
    AttemptRecord r;
    r.endpoint = QString::fromLatin1(endpoint);
    r.timeUtc = t0.addSecs(secondsAfter);
    r.attempt = attempt;
    r.outcome = outcome;
    if (latency)
        r.latency = std::chrono::milliseconds(*latency);
    return r;
}

} // namespace

class TestEndpointStats final : public QObject
{
    Q_OBJECT

private slots:
    // The same hand-computed example as the history's aggregates.
    void matchesTheHistoryAggregates()
    {
        using O = AttemptOutcome;
        EndpointStats stats(5min);
        for (const AttemptRecord &r :
             {record("a", 1, O::Retry, 10, 0), record("a", 2, O::Success, 20, 1), record("a", 1, O::Success, 30, 2),
              record("a", 1, O::Retry, 40, 3), record("a", 2, O::Failed, 50, 4), record("a", 1, O::Rejected, {}, 5),
              record("b", 1, O::Success, 7, 6)})
            stats.add(r);
        const auto a = stats.snapshot(QStringLiteral("a"), t0.addSecs(10));
        QCOMPARE(a.attempts, 6);
        QCOMPARE(a.cycles, 4);
        QCOMPARE(a.successRate(), 0.5);
        QCOMPARE(a.firstTrySuccessRate(), 0.25);
        QCOMPARE(a.retriesPerCycle(), 0.5);
        QCOMPARE(a.latencyP50, 30);
        QCOMPARE(a.latencyP95, 50);
        QCOMPARE(a.last->outcome, O::Rejected);
        QVERIFY(!stats.snapshot(QStringLiteral("none"), t0).successRate());
    }

    void beatsTellHowEachCycleEnded()
    {
        EndpointStats stats;
        using Beat = EndpointStats::Beat;
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 0));
        stats.add(record("a", 1, AttemptOutcome::Retry, 5, 1));
        stats.add(record("a", 2, AttemptOutcome::Success, 5, 2));
        stats.add(record("a", 1, AttemptOutcome::Retry, 5, 3));
        stats.add(record("a", 2, AttemptOutcome::Failed, 5, 4));
        stats.add(record("a", 1, AttemptOutcome::Rejected, std::nullopt, 5));
        AttemptRecord cancelled = record("a", 1, AttemptOutcome::Failed, std::nullopt, 6);
        cancelled.category = ErrorCategory::Cancelled; // the app's own doing: no beat
        stats.add(cancelled);
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(7)).beats,
                 (QList<Beat>{Beat::FirstTry, Beat::AfterRetries, Beat::Failed, Beat::Rejected}));
        for (int i = 0; i < 40; ++i)
            stats.add(record("a", 1, AttemptOutcome::Success, 5, 10 + i));
        const auto beats = stats.snapshot(QStringLiteral("a"), t0.addSecs(60)).beats;
        QCOMPARE(beats.size(), EndpointStats::maxBeats);
        QVERIFY(std::all_of(beats.begin(), beats.end(), [](Beat b) { return b == Beat::FirstTry; }));
    }

    // Slow successes are their own beat; an endpoint whose recent successes
    // are mostly slow is degraded; the newest quota announcement is kept,
    // its reset counted from the answer.
    void slowCallsDegradeAndQuotaIsKept()
    {
        EndpointStats stats;
        using Beat = EndpointStats::Beat;
        const auto slow = [](qint64 second) {
            AttemptRecord r = record("a", 1, AttemptOutcome::Success, 900, second);
            r.slow = true;
            return r;
        };
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 0));
        stats.add(slow(1));
        stats.add(slow(2));
        auto s = stats.snapshot(QStringLiteral("a"), t0.addSecs(3));
        QCOMPARE(s.beats, (QList<Beat>{Beat::FirstTry, Beat::Slow, Beat::Slow}));
        QCOMPARE(s.slowSuccesses, 2);
        QVERIFY(s.degraded()); // 2 of 3
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 3));
        QVERIFY(!stats.snapshot(QStringLiteral("a"), t0.addSecs(4)).degraded()); // 2 of 4 is not more than half
        QVERIFY(!s.quotaRemaining);

        AttemptRecord announcing = record("a", 1, AttemptOutcome::Success, 40, 5);
        announcing.rateLimitRemaining = 0;
        announcing.rateLimitReset = 2000ms;
        stats.add(announcing);
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 6)); // says nothing: the announcement stands
        s = stats.snapshot(QStringLiteral("a"), t0.addSecs(7));
        QCOMPARE(s.quotaRemaining, 0);
        QCOMPARE(s.quotaResetUtc, t0.addSecs(5).addMSecs(40 + 2000));
        // The newest handshake's certificate expiry stays until another says otherwise.
        QVERIFY(!s.certificateExpiryUtc.isValid());
        AttemptRecord https = record("a", 1, AttemptOutcome::Success, 5, 8);
        https.certificateExpiryUtc = t0.addDays(20);
        stats.add(https);
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 9));
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(10)).certificateExpiryUtc, t0.addDays(20));
    }

    void slidesWithTheWindow()
    {
        EndpointStats stats(1min);
        stats.add(record("a", 1, AttemptOutcome::Failed, 5, 0));
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 50));
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(55)).successRate(), 0.5);
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(65)).successRate(), 1.0); // the failure left
        stats.add(record("a", 1, AttemptOutcome::Success, 5, 200)); // old entries are dropped on the way
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(200)).cycles, 1);
        stats.forget(QStringLiteral("a"));
        QCOMPARE(stats.snapshot(QStringLiteral("a"), t0.addSecs(200)).cycles, 0);
    }
};

QTEST_GUILESS_MAIN(TestEndpointStats)
#include "tst_endpointstats.moc"
