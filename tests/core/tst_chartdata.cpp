// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/historycharts.h"
#include "core/store/history.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

const qint64 t0 = QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();

BreakerTransition transition(qint64 atMs, const char *breaker, BreakerState from, BreakerState to)
{
    return BreakerTransition{QDateTime::fromMSecsSinceEpoch(atMs, QTimeZone::utc()),
                             QString::fromLatin1(breaker),
                             from,
                             to,
                             QStringLiteral("why"),
                             {}};
}

AttemptRecord attempt(qint64 atMs, const char *endpoint, int number, ErrorCategory category)
{
    AttemptRecord r;
    r.timeUtc = QDateTime::fromMSecsSinceEpoch(atMs, QTimeZone::utc());
    r.endpoint = QString::fromLatin1(endpoint);
    r.breaker = r.endpoint;
    r.url = QStringLiteral("http://h/");
    r.cycle = 1;
    r.attempt = number;
    r.category = category;
    r.outcome = category == ErrorCategory::Ok ? AttemptOutcome::Success : AttemptOutcome::Retry;
    r.latency = std::chrono::milliseconds(10 * number);
    if (category != ErrorCategory::Ok)
        r.delay = std::chrono::milliseconds(100 * number);
    return r;
}

} // namespace

class TestChartData final : public QObject
{
    Q_OBJECT

private slots:
    void lanesFollowTransitions()
    {
        const QList<BreakerTransition> transitions{
            transition(t0 + 1000, "a", BreakerState::Closed, BreakerState::Open),
            transition(t0 + 4000, "a", BreakerState::Open, BreakerState::HalfOpen),
            transition(t0 + 4005, "a", BreakerState::HalfOpen, BreakerState::Closed),
        };
        const QHash<QString, BreakerState> now{{QStringLiteral("a"), BreakerState::Closed},
                                               {QStringLiteral("b"), BreakerState::ForcedOpen}};
        const QList<BreakerLane> lanes = buildLanes(transitions, now, t0, t0 + 10000);
        QCOMPARE(lanes.size(), 2);
        QCOMPARE(lanes[0].breaker, QStringLiteral("a"));
        const QList<BreakerLane::Segment> &a = lanes[0].segments;
        QCOMPARE(a.size(), 4);
        QCOMPARE(a[0].state, BreakerState::Closed);
        QCOMPARE(a[0].fromMs, t0);
        QCOMPARE(a[0].toMs, t0 + 1000);
        QCOMPARE(a[1].state, BreakerState::Open);
        QCOMPARE(a[1].toMs, t0 + 4000);
        QCOMPARE(a[2].state, BreakerState::HalfOpen);
        QCOMPARE(a[3].state, BreakerState::Closed);
        QCOMPARE(a[3].toMs, t0 + 10000);
        QCOMPARE(lanes[0].transitions.size(), 3);
        // No transition in the window: one segment in its current state.
        QCOMPARE(lanes[1].segments.size(), 1);
        QCOMPARE(lanes[1].segments[0].state, BreakerState::ForcedOpen);
        QCOMPARE(lanes[1].segments[0].fromMs, t0);
    }

    void buckets()
    {
        QCOMPARE(bucketFor(5min), 5s);
        QCOMPARE(bucketFor(1h), 60s);
        QCOMPARE(bucketFor(24h), 1800s);
    }

    void historyGivesTheSameChartsAsTheLiveWindow()
    {
        QTemporaryDir dir;
        const SystemClock clock;
        History history(clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("h.sqlite"))), QString());
        AttemptWindow window(24h);
        for (int i = 0; i < 600; ++i) {
            const AttemptRecord r = attempt(t0 + i * 1000, i % 3 ? "a" : "b", 1 + i % 2,
                                            i % 4 ? ErrorCategory::Ok : ErrorCategory::ServerError);
            history.add(r);
            window.add(r);
        }
        history.add(transition(t0 + 5000, "b", BreakerState::Closed, BreakerState::Open));
        history.add(transition(t0 + 900000, "b", BreakerState::Open, BreakerState::HalfOpen)); // outside
        QCOMPARE(history.flush(), QString());

        const qint64 to = t0 + 600000;
        const ChartData stored = HistoryCharts::load(history.database(), t0, to, {}, {}, 100000);
        const ChartData live = liveChartData(window, t0, to, {}, 100000);
        QCOMPARE(stored.attempts, 600);
        QCOMPARE(stored.latencies.size(), 600);
        QCOMPARE(stored.bucket, live.bucket);
        QCOMPARE(stored.categories, live.categories);
        QCOMPARE(stored.delays.size(), live.delays.size());
        QCOMPARE(stored.transitions.size(), 1);
        QCOMPARE(stored.transitions[0].to, BreakerState::Open);

        // Thinned in SQL to about the limit; filtered by endpoint.
        const ChartData thin = HistoryCharts::load(history.database(), t0, to, {}, {}, 60);
        QVERIFY2(thin.latencies.size() <= 60 && thin.latencies.size() >= 50,
                 qPrintable(QString::number(thin.latencies.size())));
        QCOMPARE(thin.attempts, 600);
        const ChartData onlyB
            = HistoryCharts::load(history.database(), t0, to, {QStringLiteral("b")}, {QStringLiteral("a")}, 100000);
        QCOMPARE(onlyB.attempts, 200);
        QCOMPARE(onlyB.transitions.size(), 0);

        // The loader does the same on its own connection in another thread.
        QThread thread;
        auto *loader = new HistoryChartLoader(history.path());
        loader->moveToThread(&thread);
        connect(&thread, &QThread::finished, loader, &QObject::deleteLater);
        thread.start();
        QSignalSpy spy(loader, &HistoryChartLoader::loaded);
        // Hold the worker until both requests are queued, so that the first
        // is superseded before it runs on any machine (an ASan run under load
        // once started it between the two calls).
        QSemaphore gate;
        QMetaObject::invokeMethod(
            loader, [&gate] { gate.acquire(); }, Qt::QueuedConnection);
        loader->request(1, t0, to, {}, {}, 100000); // superseded before it runs...
        loader->request(2, t0, to, {}, {}, 100000);
        gate.release();
        QTRY_COMPARE(spy.size(), 1); // ...so only the newest answers
        QCOMPARE(spy[0][0].toULongLong(), 2u);
        QCOMPARE(spy[0][1].value<ChartData>().categories, live.categories);
        thread.quit();
        thread.wait();
    }
};

QTEST_GUILESS_MAIN(TestChartData)
#include "tst_chartdata.moc"
