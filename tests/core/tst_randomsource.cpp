// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/randomsource.h"
#include "tests/support/scriptedrandom.h"

#include <QTest>

class TestRandomSource final : public QObject
{
    Q_OBJECT

private slots:
    void isTheStandardMersenneTwister()
    {
        // [rand.predef]: the 10000th output of a default-constructed
        // mt19937_64 (seed 5489) is 9981545732273789042.
        SeededRandom random(5489);
        double unit = 0;
        for (int i = 0; i < 10000; ++i)
            unit = random.nextUnit();
        QCOMPARE(unit, static_cast<double>(9981545732273789042ULL >> 11) / 9007199254740992.0);
    }

    void sameSeedSameSequence()
    {
        SeededRandom a(42);
        SeededRandom b(42);
        SeededRandom c(43);
        bool differs = false;
        for (int i = 0; i < 100; ++i) {
            const double value = a.nextUnit();
            QCOMPARE(b.nextUnit(), value);
            differs = differs || c.nextUnit() != value;
        }
        QVERIFY(differs);
    }

    void unitValuesStayInHalfOpenRange()
    {
        SeededRandom random(SeededRandom::entropySeed());
        for (int i = 0; i < 100000; ++i) {
            const double value = random.nextUnit();
            QVERIFY(value >= 0.0);
            QVERIFY(value < 1.0);
        }
    }

    void uniformMapsTheUnitInterval()
    {
        ScriptedRandom random({0.0, 0.5, 0.75});
        QCOMPARE(random.uniform(10.0, 20.0), 10.0);
        QCOMPARE(random.uniform(10.0, 20.0), 15.0);
        QCOMPARE(random.uniform(-4.0, 4.0), 2.0);
        QCOMPARE(random.uniform(7.0, 7.0), 7.0);
        QCOMPARE(random.draws(), 4);
    }
};

QTEST_GUILESS_MAIN(TestRandomSource)
#include "tst_randomsource.moc"
