// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/backoff.h"
#include "core/policy/policypreview.h"
#include "core/util/randomsource.h"
#include "tests/support/scriptedrandom.h"

#include <QTest>

#include <cmath>
#include <set>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(BackoffStrategy)
Q_DECLARE_METATYPE(JitterMode)

namespace {

RetryPolicy policyWith(BackoffStrategy strategy, JitterMode jitter)
{
    RetryPolicy policy;
    policy.strategy = strategy;
    policy.jitter = jitter;
    return policy;
}

QList<qint64> drawCycle(const RetryPolicy &policy, RandomSource &random)
{
    BackoffSequence sequence(policy, random);
    QList<qint64> delays;
    for (int retry = 1; retry < policy.maxAttempts; ++retry)
        delays.append(sequence.next().count());
    return delays;
}

} // namespace

class TestBackoff final : public QObject
{
    Q_OBJECT

private slots:
    void exponentialEnvelopeDoubles()
    {
        const RetryPolicy policy = policyWith(BackoffStrategy::Exponential, JitterMode::None);
        ScriptedRandom random({0.5});
        QCOMPARE(drawCycle(policy, random), (QList<qint64>{1000, 2000, 4000, 8000}));
        QCOMPARE(random.draws(), 0); // `none` draws nothing
    }

    void envelope_data()
    {
        QTest::addColumn<BackoffStrategy>("strategy");
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("envelope");
        QTest::newRow("exp 1") << BackoffStrategy::Exponential << 1 << 1000.0;
        QTest::newRow("exp 5") << BackoffStrategy::Exponential << 5 << 16000.0;
        QTest::newRow("exp 6 capped") << BackoffStrategy::Exponential << 6 << 30000.0;
        QTest::newRow("exp 99 capped, no overflow") << BackoffStrategy::Exponential << 99 << 30000.0;
        QTest::newRow("linear 1") << BackoffStrategy::Linear << 1 << 1000.0;
        QTest::newRow("linear 3") << BackoffStrategy::Linear << 3 << 3000.0;
        QTest::newRow("linear 31 capped") << BackoffStrategy::Linear << 31 << 30000.0;
        QTest::newRow("constant 1") << BackoffStrategy::Constant << 1 << 1000.0;
        QTest::newRow("constant 50") << BackoffStrategy::Constant << 50 << 1000.0;
    }

    void envelope()
    {
        QFETCH(BackoffStrategy, strategy);
        QFETCH(int, retry);
        QFETCH(double, envelope);
        QCOMPARE(Backoff::envelopeMs(policyWith(strategy, JitterMode::None), retry), envelope);
    }

    void hugeMultiplierHitsTheCap()
    {
        RetryPolicy policy = policyWith(BackoffStrategy::Exponential, JitterMode::None);
        policy.multiplier = 1e300;
        policy.maxAttempts = 100;
        QCOMPARE(Backoff::envelopeMs(policy, 99), 30000.0);
        ScriptedRandom random({0.5});
        QCOMPARE(Backoff::delay(policy, 99, 30000ms, random), 30000ms);
    }

    // One draw per row, scripted, so that each formula of docs/endpoints-file.md is checked
    // at chosen points, below and at the cap.
    void formulas_data()
    {
        QTest::addColumn<JitterMode>("jitter");
        QTest::addColumn<int>("retry");
        QTest::addColumn<qint64>("previous");
        QTest::addColumn<double>("unit");
        QTest::addColumn<qint64>("expected");

        // proportional: e'·U(1-f, 1+f), e' = min(e, cap/(1+f)), f = 0.5
        QTest::newRow("prop low end") << JitterMode::Proportional << 1 << 0LL << 0.0 << 500LL;
        QTest::newRow("prop middle") << JitterMode::Proportional << 2 << 0LL << 0.5 << 2000LL;
        QTest::newRow("prop 3/4") << JitterMode::Proportional << 3 << 0LL << 0.75 << 5000LL;
        QTest::newRow("prop below cap") << JitterMode::Proportional << 5 << 0LL << 0.5 << 16000LL;
        // retry 6: e = 30000 (capped), e' = 20000: delays spread over [10000, 30000]
        QTest::newRow("prop at cap low") << JitterMode::Proportional << 6 << 0LL << 0.0 << 10000LL;
        QTest::newRow("prop at cap mid") << JitterMode::Proportional << 6 << 0LL << 0.5 << 20000LL;
        QTest::newRow("prop at cap top") << JitterMode::Proportional << 6 << 0LL << 0.99999 << 30000LL;
        // full: U(0, e)
        QTest::newRow("full zero") << JitterMode::Full << 3 << 0LL << 0.0 << 0LL;
        QTest::newRow("full half") << JitterMode::Full << 3 << 0LL << 0.5 << 2000LL;
        QTest::newRow("full at cap") << JitterMode::Full << 8 << 0LL << 0.25 << 7500LL;
        // equal: e/2 + U(0, e/2)
        QTest::newRow("equal low") << JitterMode::Equal << 4 << 0LL << 0.0 << 4000LL;
        QTest::newRow("equal half") << JitterMode::Equal << 4 << 0LL << 0.5 << 6000LL;
        QTest::newRow("equal at cap") << JitterMode::Equal << 9 << 0LL << 0.5 << 22500LL;
        // decorrelated: U(initial, min(cap, 3p))
        QTest::newRow("decor first") << JitterMode::Decorrelated << 1 << 1000LL << 0.5 << 2000LL;
        QTest::newRow("decor p=2000") << JitterMode::Decorrelated << 2 << 2000LL << 0.5 << 3500LL;
        QTest::newRow("decor p=20000 capped") << JitterMode::Decorrelated << 5 << 20000LL << 0.5 << 15500LL;
        QTest::newRow("decor floor") << JitterMode::Decorrelated << 5 << 20000LL << 0.0 << 1000LL;
        // none: e
        QTest::newRow("none at cap") << JitterMode::None << 12 << 0LL << 0.3 << 30000LL;
    }

    void formulas()
    {
        QFETCH(JitterMode, jitter);
        QFETCH(int, retry);
        QFETCH(qint64, previous);
        QFETCH(double, unit);
        QFETCH(qint64, expected);
        const RetryPolicy policy = policyWith(BackoffStrategy::Exponential, jitter);
        ScriptedRandom random({unit});
        const milliseconds delay = Backoff::delay(policy, retry, milliseconds(previous), random);
        QCOMPARE(delay.count(), expected);
        QVERIFY(delay <= policy.maxDelay);
    }

    // Golden sequences for seed 42 (default policy, 5 attempts) and seed 7
    // (initial 500 ms, cap 4000 ms, 8 attempts, so the cap is reached),
    // computed by an independent implementation of mt19937_64 and the docs/endpoints-file.md
    // formulas.
    void seededSequences_data()
    {
        QTest::addColumn<BackoffStrategy>("strategy");
        QTest::addColumn<JitterMode>("jitter");
        QTest::addColumn<QList<qint64>>("seed42");
        QTest::addColumn<QList<qint64>>("seed7capped");
        using S = BackoffStrategy;
        using J = JitterMode;
        using L = QList<qint64>;
        // clang-format off
        QTest::newRow("exponential none") << S::Exponential << J::None << L{1000, 2000, 4000, 8000} << L{500, 1000, 2000, 4000, 4000, 4000, 4000};
        QTest::newRow("exponential proportional") << S::Exponential << J::Proportional << L{1255, 2278, 5009, 5090} << L{627, 1449, 1235, 3712, 1710, 1480, 3553};
        QTest::newRow("exponential full") << S::Exponential << J::Full << L{755, 1278, 3009, 1090} << L{377, 949, 235, 3568, 565, 220, 3330};
        QTest::newRow("exponential equal") << S::Exponential << J::Equal << L{878, 1639, 3504, 4545} << L{439, 975, 1117, 3784, 2283, 2110, 3665};
        QTest::newRow("exponential decorrelated") << S::Exponential << J::Decorrelated << L{2510, 5173, 11920, 4952} << L{1254, 3597, 911, 2492, 994, 637, 1675};
        QTest::newRow("linear none") << S::Linear << J::None << L{1000, 2000, 3000, 4000} << L{500, 1000, 1500, 2000, 2500, 3000, 3500};
        QTest::newRow("linear proportional") << S::Linear << J::Proportional << L{1255, 2278, 3756, 2545} << L{627, 1449, 926, 2784, 1603, 1480, 3553};
        QTest::newRow("linear full") << S::Linear << J::Full << L{755, 1278, 2256, 545} << L{377, 949, 176, 1784, 353, 165, 2914};
        QTest::newRow("linear equal") << S::Linear << J::Equal << L{878, 1639, 2628, 2273} << L{439, 975, 838, 1892, 1427, 1583, 3207};
        QTest::newRow("linear decorrelated") << S::Linear << J::Decorrelated << L{2510, 5173, 11920, 4952} << L{1254, 3597, 911, 2492, 994, 637, 1675};
        QTest::newRow("constant none") << S::Constant << J::None << L{1000, 1000, 1000, 1000} << L{500, 500, 500, 500, 500, 500, 500};
        QTest::newRow("constant proportional") << S::Constant << J::Proportional << L{1255, 1139, 1252, 636} << L{627, 725, 309, 696, 321, 278, 666};
        QTest::newRow("constant full") << S::Constant << J::Full << L{755, 639, 752, 136} << L{377, 475, 59, 446, 71, 28, 416};
        QTest::newRow("constant equal") << S::Constant << J::Equal << L{878, 820, 876, 568} << L{439, 487, 279, 473, 285, 264, 458};
        QTest::newRow("constant decorrelated") << S::Constant << J::Decorrelated << L{2510, 5173, 11920, 4952} << L{1254, 3597, 911, 2492, 994, 637, 1675};
        // clang-format on
    }

    void seededSequences()
    {
        QFETCH(BackoffStrategy, strategy);
        QFETCH(JitterMode, jitter);
        QFETCH(QList<qint64>, seed42);
        QFETCH(QList<qint64>, seed7capped);

        const RetryPolicy policy = policyWith(strategy, jitter);
        SeededRandom random42(42);
        QCOMPARE(drawCycle(policy, random42), seed42);

        RetryPolicy capped = policy;
        capped.initialDelay = 500ms;
        capped.maxDelay = 4000ms;
        capped.maxAttempts = 8;
        SeededRandom random7(7);
        QCOMPARE(drawCycle(capped, random7), seed7capped);
    }

    void bands_data()
    {
        QTest::addColumn<JitterMode>("jitter");
        QTest::addColumn<int>("retry");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("max");
        QTest::newRow("none") << JitterMode::None << 3 << 4000LL << 4000LL;
        QTest::newRow("proportional") << JitterMode::Proportional << 3 << 2000LL << 6000LL;
        QTest::newRow("proportional at cap") << JitterMode::Proportional << 7 << 10000LL << 30000LL;
        QTest::newRow("full") << JitterMode::Full << 3 << 0LL << 4000LL;
        QTest::newRow("equal") << JitterMode::Equal << 3 << 2000LL << 4000LL;
        QTest::newRow("decorrelated 1") << JitterMode::Decorrelated << 1 << 1000LL << 3000LL;
        QTest::newRow("decorrelated 3") << JitterMode::Decorrelated << 3 << 1000LL << 27000LL;
        QTest::newRow("decorrelated 4 capped") << JitterMode::Decorrelated << 4 << 1000LL << 30000LL;
    }

    void bands()
    {
        QFETCH(JitterMode, jitter);
        QFETCH(int, retry);
        QFETCH(qint64, min);
        QFETCH(qint64, max);
        const DelayBand band = Backoff::band(policyWith(BackoffStrategy::Exponential, jitter), retry);
        QCOMPARE(band.min.count(), min);
        QCOMPARE(band.max.count(), max);
    }

    // >= 10,000 draws per mode, below the cap (retry 3, e = 4000) and at it
    // (retry 8, e = 30000): every delay inside its band, the mean near its
    // expected value, and at the cap the delays still spread out.
    void statistics_data()
    {
        QTest::addColumn<JitterMode>("jitter");
        QTest::addColumn<int>("retry");
        for (const JitterMode mode : allJitterModes()) {
            if (mode == JitterMode::None || mode == JitterMode::Decorrelated)
                continue; // none has no spread; decorrelated depends on history (below)
            QTest::addRow("%s below cap", jitterName(mode).data()) << mode << 3;
            QTest::addRow("%s at cap", jitterName(mode).data()) << mode << 8;
        }
    }

    void statistics()
    {
        QFETCH(JitterMode, jitter);
        QFETCH(int, retry);
        const RetryPolicy policy = policyWith(BackoffStrategy::Exponential, jitter);
        const DelayBand band = Backoff::band(policy, retry);
        const double expectedMean = Backoff::meanMs(policy, retry, policy.initialDelay);
        constexpr int draws = 20000;
        SeededRandom random(20261128);

        double sum = 0;
        int atCap = 0;
        std::set<qint64> distinct;
        QList<int> bins(10, 0);
        const double width = static_cast<double>((band.max - band.min).count());
        for (int i = 0; i < draws; ++i) {
            const milliseconds delay = Backoff::delay(policy, retry, policy.initialDelay, random);
            QVERIFY2(band.contains(delay), qPrintable(QString::number(delay.count())));
            QVERIFY(delay <= policy.maxDelay);
            sum += static_cast<double>(delay.count());
            atCap += delay == policy.maxDelay ? 1 : 0;
            distinct.insert(delay.count());
            const double position = static_cast<double>((delay - band.min).count()) / width;
            ++bins[std::min(9, static_cast<int>(position * 10))];
        }
        const double mean = sum / draws;
        // The standard error of the mean is below 0.5% of the band here.
        QVERIFY2(std::abs(mean - expectedMean) < 0.01 * width,
                 qPrintable(QStringLiteral("mean %1, expected %2").arg(mean).arg(expectedMean)));
        // Uniform over the band: each tenth gets 10% ± 1.5% of the draws.
        for (const int count : std::as_const(bins))
            QVERIFY2(std::abs(count - draws / 10) < draws * 15 / 1000, qPrintable(QString::number(count)));
        // The cap never collapses the jitter into a pile at exactly the cap.
        QVERIFY2(atCap < draws / 100, qPrintable(QString::number(atCap)));
        QVERIFY(distinct.size() > 1000);
    }

    void decorrelatedStaysInsideItsMovingRange()
    {
        const RetryPolicy policy = [] {
            RetryPolicy p = policyWith(BackoffStrategy::Exponential, JitterMode::Decorrelated);
            p.maxAttempts = 12;
            return p;
        }();
        SeededRandom random(99);
        int atCap = 0;
        int total = 0;
        double firstSum = 0;
        for (int cycle = 0; cycle < 2000; ++cycle) {
            BackoffSequence sequence(policy, random);
            milliseconds previous = policy.initialDelay;
            for (int retry = 1; retry < policy.maxAttempts; ++retry) {
                const milliseconds delay = sequence.next();
                QVERIFY(delay >= policy.initialDelay);
                QVERIFY(delay <= std::min(policy.maxDelay, 3 * previous));
                QVERIFY(Backoff::band(policy, retry).contains(delay));
                if (retry == 1)
                    firstSum += static_cast<double>(delay.count());
                atCap += delay == policy.maxDelay ? 1 : 0;
                ++total;
                previous = delay;
            }
            QCOMPARE(sequence.retriesDrawn(), policy.maxAttempts - 1);
        }
        QVERIFY(std::abs(firstSum / 2000 - 2000.0) < 40.0); // U(1000, 3000)
        QVERIFY2(atCap < total / 100, qPrintable(QString::number(atCap)));
    }

    void previewCoversEveryRetry()
    {
        RetryPolicy policy = policyWith(BackoffStrategy::Exponential, JitterMode::Decorrelated);
        policy.maxAttempts = 7;
        SeededRandom random(5);
        const QList<RetryPreview> preview = previewPolicy(policy, random, 50);
        QCOMPARE(preview.size(), 6);
        for (qsizetype i = 0; i < preview.size(); ++i) {
            const RetryPreview &entry = preview[i];
            QCOMPARE(entry.retry, i + 1);
            QCOMPARE(entry.envelopeMs, Backoff::envelopeMs(policy, entry.retry));
            QCOMPARE(entry.band, Backoff::band(policy, entry.retry));
            QCOMPARE(entry.samples.size(), 50);
            for (const milliseconds sample : entry.samples)
                QVERIFY(entry.band.contains(sample));
        }
        // Samples are whole cycles: each decorrelated delay respects the
        // previous delay of the same cycle.
        for (int cycle = 0; cycle < 50; ++cycle) {
            for (qsizetype i = 1; i < preview.size(); ++i)
                QVERIFY(preview[i].samples[cycle] <= 3 * preview[i - 1].samples[cycle]);
        }
    }

    void previewOfSingleAttemptPolicyIsEmpty()
    {
        RetryPolicy policy;
        policy.maxAttempts = 1;
        SeededRandom random(1);
        QVERIFY(previewPolicy(policy, random, 10).isEmpty());
    }

    void previewTableShowsBandsAndSamples()
    {
        const RetryPolicy policy = policyWith(BackoffStrategy::Exponential, JitterMode::Equal);
        ScriptedRandom random({0.5});
        const QString table = formatPreview(policy, previewPolicy(policy, random, 2));
        const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[0], QStringLiteral("exponential 1000 ms x2, cap 30000 ms, jitter equal, 5 attempts"));
        QVERIFY(lines[1].contains(QLatin1String("envelope_ms")));
        QCOMPARE(lines[2].simplified(), QStringLiteral("1 1000 500 1000 750 750"));
        QCOMPARE(lines[5].simplified(), QStringLiteral("4 8000 4000 8000 6000 6000"));
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
