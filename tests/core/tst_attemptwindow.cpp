// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/attemptwindow.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

const qint64 t0 = QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();

AttemptRecord record(const char *endpoint, qint64 atMs, int attempt, ErrorCategory category,
                     std::optional<qint64> latency, std::optional<qint64> delay = {},
                     std::optional<qint64> retryAfter = {})
{
    AttemptRecord r;
    r.endpoint = QString::fromLatin1(endpoint);
    r.timeUtc = QDateTime::fromMSecsSinceEpoch(t0 + atMs, QTimeZone::utc());
    r.attempt = attempt;
    r.category = category;
    if (latency)
        r.latency = std::chrono::milliseconds(*latency);
    if (delay)
        r.delay = std::chrono::milliseconds(*delay);
    if (retryAfter)
        r.retryAfter = std::chrono::milliseconds(*retryAfter);
    return r;
}

} // namespace

class TestAttemptWindow final : public QObject
{
    Q_OBJECT

private slots:
    void shapesTheCharts()
    {
        using C = ErrorCategory;
        AttemptWindow window(1min);
        window.add(record("a", 0, 1, C::ServerError, 10, 400));
        window.add(record("a", 500, 2, C::RateLimited, 12, 1000, 1000));
        window.add(record("a", 1600, 3, C::Ok, 8));
        window.add(record("b", 2000, 1, C::CircuitOpen, {}));
        window.add(record("b", 9000, 1, C::Ok, 5));

        const auto latencies = window.latencies(t0);
        QCOMPARE(latencies.size(), 4); // the rejected attempt was never sent
        QCOMPARE(latencies[1].latencyMs, 12);
        QVERIFY(latencies[1].retry);
        QVERIFY(!latencies[0].retry);
        QCOMPARE(window.latencies(t0, {QStringLiteral("b")}).size(), 1);

        const auto delays = window.delays(t0);
        QCOMPARE(delays.size(), 2);
        QCOMPARE(delays[0].retry, 1);
        QCOMPARE(delays[0].delayMs, 400);
        QCOMPARE(delays[0].source, WaitSource::Backoff);
        QCOMPARE(delays[1].source, WaitSource::RetryAfter);

        // A wait that reaches an exhausted quota's reset is pacing; Retry-After
        // wins; a wait shorter than the reset is the backoff's.
        using Source = WaitSource;
        QCOMPARE(waitSource(1050, std::nullopt, 0, 1000), Source::Pacing);
        QCOMPARE(waitSource(1000, 1000, 0, 1000), Source::RetryAfter);
        QCOMPARE(waitSource(400, std::nullopt, 0, 1000), Source::Backoff);
        QCOMPARE(waitSource(1050, std::nullopt, 3, 1000), Source::Backoff);
        AttemptRecord paced = record("c", 100, 1, C::ServerError, 10, 1050);
        paced.rateLimitRemaining = 0;
        paced.rateLimitReset = 1000ms;
        AttemptRecord slow = record("c", 1200, 2, C::Ok, 900);
        slow.slow = true;
        AttemptWindow other(1min);
        other.add(paced);
        other.add(slow);
        QCOMPARE(other.delays(t0).first().source, Source::Pacing);
        QVERIFY(other.latencies(t0).last().slow);
        QVERIFY(!other.latencies(t0).first().slow);

        const auto buckets = window.categoryBuckets(t0, t0 + 10000, 5s);
        QCOMPARE(buckets.value(C::Ok), (QList<int>{1, 1}));
        QCOMPARE(buckets.value(C::ServerError), (QList<int>{1, 0}));
        QCOMPARE(buckets.value(C::CircuitOpen), (QList<int>{1, 0}));
        QVERIFY(!buckets.contains(C::Timeout));
    }

    void thinsEvenlyAndFiltersByName()
    {
        AttemptWindow window;
        for (int i = 0; i < 1000; ++i)
            window.add(record(i % 2 ? "odd" : "even", i, 1, ErrorCategory::Ok, i));
        window.add(record("unsent", 1000, 1, ErrorCategory::CircuitOpen, std::nullopt));
        QCOMPARE(window.countLatencies(t0), 1000);
        const auto thin = window.latencies(t0, {}, 100);
        QCOMPARE(thin.size(), 100);
        for (qsizetype i = 0; i < thin.size(); ++i)
            QCOMPARE(thin[i].latencyMs, qint64(i * 10)); // every tenth, from the first
        const auto even = window.latencies(t0, {QStringLiteral("even")}, 0);
        QCOMPARE(even.size(), 500);
        QVERIFY(std::all_of(even.begin(), even.end(), [](const auto &p) { return p.latencyMs % 2 == 0; }));
        QVERIFY(window.latencies(t0, {QStringLiteral("nobody")}).isEmpty()); // unknown name: nothing, not all
        QCOMPARE(window.latencies(t0 + 900).size(), 100);
    }

    void keepsOnlyTheSpanAndTheCount()
    {
        AttemptWindow window(10s, 3);
        for (int i = 0; i < 5; ++i)
            window.add(record("a", i * 1000, 1, ErrorCategory::Ok, 1));
        QCOMPARE(window.size(), 3);
        window.add(record("a", 60000, 1, ErrorCategory::Ok, 1));
        QCOMPARE(window.size(), 1); // the older ones fell out of the 10 s span
    }
};

QTEST_GUILESS_MAIN(TestAttemptWindow)
#include "tst_attemptwindow.moc"
