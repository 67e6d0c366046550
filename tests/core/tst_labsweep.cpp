// SPDX-License-Identifier: GPL-3.0-or-later
// The editor's what-if and the sweep: the same replays as the command line's,
// run side by side and in parallel, with the figures the hand counts of
// tst_labreplay give.
#include "core/lab/sweep.h"
#include "tests/support/laboutage.h"

#include <QTest>
#include <QThreadPool>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

const EndpointKey &key(const char *path)
{
    const EndpointKey *found = findEndpointKey(QString::fromLatin1(path));
    if (!found)
        qFatal("no key %s", path);
    return *found;
}

} // namespace

class TestLabSweep final : public QObject
{
    Q_OBJECT

private slots:
    void traceHoldsTheRecordingsFigures()
    {
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        QVERIFY(trace);
        QCOMPARE(trace->endpoint, QStringLiteral("api"));
        QCOMPARE(trace->recorded.cycles, 30);
        QCOMPARE(trace->recorded.successfulCycles, 20);
        QCOMPARE(trace->recorded.attempts, 30);
        QVERIFY(!Lab::makeTrace({}, LabOutage::endpoint(1)));
    }

    // The edited policy (3 attempts) against the current one (1): the hand
    // counts of tst_labreplay, 29 cycles 19 successes 29 attempts against 27
    // cycles 19 successes 44 attempts; a current replay handed in is kept.
    void compareReplaysBoth()
    {
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        const Lab::Comparison both = Lab::compare(*trace, LabOutage::endpoint(1), LabOutage::endpoint(3), 1);
        QCOMPARE(both.current.figures.cycles, 29);
        QCOMPARE(both.current.figures.attempts, 29);
        QCOMPARE(both.edited.figures.cycles, 27);
        QCOMPARE(both.edited.figures.attempts, 44);
        QCOMPARE(both.edited.figures.attemptsWhileFailing, 25);

        Lab::Replay given;
        given.figures.cycles = 7;
        const Lab::Comparison reused = Lab::compare(*trace, LabOutage::endpoint(1), LabOutage::endpoint(3), 1, given);
        QCOMPARE(reused.current.figures.cycles, 7);
        QCOMPARE(reused.edited.figures.attempts, 44);
    }

    // Success: higher is better; attempts: fewer; cycles: neither. Equal
    // once rounded as shown is no difference.
    void betterOfMarksOnlyPlainImprovements()
    {
        const auto row = [](const char *label) {
            for (const Lab::FigureRow &r : Lab::figureRows()) {
                if (qstrcmp(r.label, label) == 0)
                    return r;
            }
            qFatal("no row %s", label);
        };
        Lab::Figures a;
        Lab::Figures b;
        a.cycles = 29;
        a.successfulCycles = 19;
        a.attempts = 29;
        b.cycles = 27;
        b.successfulCycles = 19;
        b.attempts = 44;
        QCOMPARE(Lab::betterOf(row("Cycle success %"), a, b), +1); // 70.4 % against 65.5 %
        QCOMPARE(Lab::betterOf(row("Attempts sent"), a, b), -1);
        QCOMPARE(Lab::betterOf(row("Cycles"), a, b), 0);
        b.cycles = 29;
        b.attempts = 29;
        QCOMPARE(Lab::betterOf(row("Cycle success %"), a, b), 0);
        QCOMPARE(Lab::betterOf(row("Attempts sent"), a, b), 0);
        a.cycleP99 = 1000ms;
        b.cycleP99 = 999ms;
        QCOMPARE(Lab::betterOf(row("Cycle time p99 (ms)"), a, b), +1);
    }

    void sweepKeysAreThePolicysNumbers()
    {
        QStringList paths;
        for (const EndpointKey *k : Lab::sweepKeys())
            paths << k->path;
        for (const char *wanted :
             {"intervalMs", "timeoutMs", "retry.maxAttempts", "retry.initialDelayMs", "retry.multiplier",
              "breaker.failureThreshold", "breaker.openMs", "budget.tokenRatio"}) {
            QVERIFY2(paths.contains(QLatin1String(wanted)), wanted);
        }
        for (const QString &path : paths) {
            QVERIFY2(!path.startsWith(QLatin1String("assert")) && path != QLatin1String("tlsExpiryWarningDays"),
                     qPrintable(path));
        }
    }

    void sweepValuesSpreadClampAndStayDistinct()
    {
        using L = QList<double>;
        QCOMPARE(Lab::sweepValues(key("retry.maxAttempts"), 1, 8, 8), (L{1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(Lab::sweepValues(key("retry.maxAttempts"), 1, 3, 20), (L{1, 2, 3}));
        QCOMPARE(Lab::sweepValues(key("retry.maxAttempts"), 8, 0, 3), (L{1, 5, 8})); // 4.5 rounds away
        QCOMPARE(Lab::sweepValues(key("retry.multiplier"), 1, 2, 3), (L{1, 1.5, 2}));
        QCOMPARE(Lab::sweepValues(key("timeoutMs"), 100, 100, 5), (L{100}));
    }

    void keyValueAndWithKeyReadAndWriteTheEndpoint()
    {
        const Endpoint e = LabOutage::endpoint(3);
        QCOMPARE(Lab::keyValue(e, key("retry.maxAttempts")), 3.0);
        QCOMPARE(Lab::keyValue(e, key("timeoutMs")), 500.0);
        Endpoint changed;
        QCOMPARE(Lab::withKey(e, key("retry.maxAttempts"), 5, changed), QString());
        QCOMPARE(changed.retry.maxAttempts, 5);
        QCOMPARE(changed.retry.initialDelay, 100ms); // the rest is the endpoint's own
        QCOMPARE(Lab::withKey(e, key("timeoutMs"), 2500, changed), QString());
        QCOMPARE(changed.timeout, 2500ms);
        const QString problem = Lab::withKey(e, key("retry.maxAttempts"), 0, changed);
        QVERIFY2(problem.contains(QLatin1String("retry.maxAttempts")), qPrintable(problem));
    }

    // Run on two threads at once, each point is what a replay of that value
    // on this thread gives; more attempts send more during the outage.
    void sweepInParallelGivesWhatEachReplayGives()
    {
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        const QList<double> values{1, 2, 3, 4};
        const QList<Lab::SweepPoint> points
            = Lab::sweep(*trace, LabOutage::endpoint(1), key("retry.maxAttempts"), values, 7, &pool);
        QCOMPARE(points.size(), 4);
        for (qsizetype i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].value, values[i]);
            QVERIFY(points[i].error.isEmpty());
            const Lab::Figures alone = Lab::replay(LabOutage::endpoint(int(values[i])), trace->model, 7).figures;
            QCOMPARE(points[i].figures.cycles, alone.cycles);
            QCOMPARE(points[i].figures.attempts, alone.attempts);
            QCOMPARE(points[i].figures.successfulCycles, alone.successfulCycles);
            QCOMPARE(points[i].figures.cycleP99, alone.cycleP99);
        }
        QCOMPARE(points[0].figures.attempts, 29);
        QCOMPARE(points[2].figures.attempts, 44);
        QVERIFY(points[1].figures.attemptsWhileFailing < points[3].figures.attemptsWhileFailing);
    }

    // Values are replayed whole while that is cheap (exact, and what the
    // figures beside the chart say); only over long recordings do they
    // share what they do alike. A sweep of the interval never shares.
    void aSweepSharesOnlyWhereWholeReplaysWouldCostMuch()
    {
        const auto shortTrace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        QVERIFY(!Lab::sweepShares(*shortTrace, LabOutage::endpoint(1), key("retry.maxAttempts"), 20));
        QList<AttemptRecord> twoHours;
        const QDateTime origin = QDateTime::fromMSecsSinceEpoch(0).toUTC();
        for (int k = 0; k < 7200; ++k) {
            AttemptRecord r;
            r.timeUtc = origin.addMSecs(qint64(k) * 1000);
            r.endpoint = QStringLiteral("api");
            r.cycle = k + 1;
            r.attempt = 1;
            r.latency = 5ms;
            r.httpStatus = 200;
            twoHours << r;
        }
        Endpoint e = LabOutage::endpoint(1);
        e.interval = 1s;
        const auto longTrace = Lab::makeTrace(twoHours, e);
        QVERIFY(longTrace);
        QVERIFY(Lab::sweepShares(*longTrace, e, key("retry.maxAttempts"), 20)); // 144,000 cycles
        QVERIFY(!Lab::sweepShares(*longTrace, e, key("retry.maxAttempts"), 10)); // 72,000
        QVERIFY(!Lab::sweepShares(*longTrace, e, key("intervalMs"), 20));
        e.interval = 5s;
        QVERIFY(!Lab::sweepShares(*longTrace, e, key("retry.maxAttempts"), 20)); // 28,800
    }

    void sweepNamesAValueTheKeyCannotTakeAndStopsWhenCancelled()
    {
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        const QList<Lab::SweepPoint> bad
            = Lab::sweep(*trace, LabOutage::endpoint(1), key("retry.maxAttempts"), {0, 2}, 1);
        QVERIFY2(bad[0].error.contains(QLatin1String("retry.maxAttempts")), qPrintable(bad[0].error));
        QCOMPARE(bad[0].figures.cycles, 0);
        QVERIFY(bad[1].error.isEmpty());

        const std::atomic_bool cancel{true};
        const QList<Lab::SweepPoint> none
            = Lab::sweep(*trace, LabOutage::endpoint(1), key("retry.maxAttempts"), {1, 2}, 1, nullptr, &cancel);
        QCOMPARE(none[0].error, QStringLiteral("cancelled"));
        QCOMPARE(none[1].figures.cycles, 0);
    }
};

QTEST_GUILESS_MAIN(TestLabSweep)
#include "tst_labsweep.moc"
