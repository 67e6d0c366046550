// SPDX-License-Identifier: GPL-3.0-or-later
// The hour and day charts: read from a real history file in a thread of
// their own, for the chosen endpoint, and only while such a span is on show.
#include "core/dashboard/dashboardfeed.h"
#include "core/dashboard/historychartfeed.h"
#include "core/store/history.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class TestHistoryChartFeed final : public QObject
{
    Q_OBJECT

private:
    static AttemptRecord attempt(const QDateTime &at, const QString &endpoint)
    {
        AttemptRecord r;
        r.timeUtc = at;
        r.endpoint = endpoint;
        r.breaker = endpoint;
        r.method = "GET";
        r.url = QStringLiteral("http://127.0.0.1:1/ok");
        r.cycle = 1;
        r.attempt = 1;
        r.httpStatus = 200;
        r.latency = 20ms;
        r.transmissions = 1;
        return r;
    }

private slots:
    void readsTheSpanOnShowForTheChosenEndpoint()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        FakeClock clock;
        clock.advance(2h);
        History history(clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        // 40 minutes ago: outside the live span, inside an hour.
        const QDateTime earlier = clock.utcNow().addSecs(-40 * 60);
        for (int i = 0; i < 3; ++i)
            history.add(attempt(earlier.addSecs(i), QStringLiteral("a")));
        history.add(attempt(earlier, QStringLiteral("b")));
        // Still in the batch: a request flushes it first.

        HistoryChartFeed feed(history, clock, 100);
        QSignalSpy loaded(&feed, &HistoryChartFeed::loaded);
        QSignalSpy failed(&feed, &HistoryChartFeed::failed);
        feed.request();
        QVERIFY(!loaded.wait(300)); // the live span: nothing to read
        QVERIFY(!feed.latest());

        feed.setSpan(60min);
        QVERIFY(loaded.wait(5000));
        QVERIFY(feed.latest());
        QCOMPARE(feed.latest()->attempts, 4);
        QCOMPARE(feed.latest()->toMs, clock.utcNow().toMSecsSinceEpoch() + 1);

        feed.setSubject({QStringLiteral("a")}, {QStringLiteral("a")});
        QVERIFY(!feed.latest()); // the old answer was for everyone
        QVERIFY(loaded.wait(5000));
        QCOMPARE(feed.latest()->attempts, 3);

        // An hour is read again while it shows: the new rows come in.
        history.add(attempt(clock.utcNow().addSecs(-10), QStringLiteral("a")));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(feed.latest()->attempts, 4);
        QCOMPARE(failed.size(), 0);

        // Back to the live span: the answer is dropped and nothing is read.
        feed.setSpan(DashboardFeed::liveSpan);
        QVERIFY(!feed.latest());
        const auto before = loaded.size();
        QTest::qWait(6000);
        QCOMPARE(loaded.size(), before);
    }

    void aNewerSpanSupersedesAnAnswerOnItsWay()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        FakeClock clock;
        clock.advance(48h);
        History history(clock);
        QCOMPARE(history.open(dir.filePath(QStringLiteral("history.sqlite"))), QString());
        history.add(attempt(clock.utcNow().addSecs(-3 * 3600), QStringLiteral("a"))); // in a day, not in an hour
        HistoryChartFeed feed(history, clock, 100);
        QSignalSpy loaded(&feed, &HistoryChartFeed::loaded);
        feed.setSpan(60min);
        feed.setSpan(24h); // before the hour's answer arrived
        QVERIFY(loaded.wait(5000));
        QCOMPARE(feed.latest()->attempts, 1); // the day's, never the hour's
        QCOMPARE(feed.latest()->fromMs, clock.utcNow().toMSecsSinceEpoch() - 24 * 3600 * 1000);
        QCOMPARE(loaded.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHistoryChartFeed)
#include "tst_historychartfeed.moc"
