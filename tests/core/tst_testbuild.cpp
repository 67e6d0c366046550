// SPDX-License-Identifier: GPL-3.0-or-later
// The tests' own build: what every suite relies on, in every build type.
#include <QTest>

class TestTestBuild final : public QObject
{
    Q_OBJECT

private slots:
    // Q_ASSERT evaluates its condition in the tests of a release build too
    // (QT_FORCE_ASSERTS): a fixture that starts a server inside an
    // assertion must not run without its server there.
    void assertionsRunInEveryBuildType()
    {
        int evaluated = 0;
        Q_ASSERT(++evaluated == 1);
        QCOMPARE(evaluated, 1);
    }
};

QTEST_GUILESS_MAIN(TestTestBuild)
#include "tst_testbuild.moc"
