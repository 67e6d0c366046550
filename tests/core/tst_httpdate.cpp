// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/httpdate.h"

#include <QTest>
#include <QTimeZone>

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

} // namespace

class TestHttpDate final : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime now2026 = utc(2026, 11, 28, 0, 0, 0);
        const QDateTime rfcExample = utc(1994, 11, 6, 8, 49, 37);
        // RFC 9110 §5.6.7's own three examples
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << now2026 << rfcExample;
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << now2026 << rfcExample;
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << now2026 << rfcExample;
        // RFC 850's two-digit years: within 50 years ahead stays in this century
        QTest::newRow("850 this century")
            << QByteArray("Saturday, 28-Nov-26 10:00:00 GMT") << now2026 << utc(2026, 11, 28, 10, 0, 0);
        QTest::newRow("850 50 years ahead")
            << QByteArray("Monday, 01-Jan-76 00:00:00 GMT") << now2026 << utc(2076, 1, 1, 0, 0, 0);
        QTest::newRow("850 77 means 1977")
            << QByteArray("Monday, 28-Nov-77 00:00:00 GMT") << now2026 << utc(1977, 11, 28, 0, 0, 0);
        QTest::newRow("850 across a century")
            << QByteArray("Friday, 01-Jan-01 00:00:00 GMT") << utc(2099, 6, 1, 0, 0, 0) << utc(2101, 1, 1, 0, 0, 0);
        QTest::newRow("extra spaces") << QByteArray("Sun,  06 Nov 1994   08:49:37 GMT") << now2026 << rfcExample;
        QTest::newRow("leap day") << QByteArray("Thu, 29 Feb 2024 12:00:00 GMT") << now2026
                                  << utc(2024, 2, 29, 12, 0, 0);
    }

    void parses()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, expected);
        QCOMPARE(parseHttpDate(text, now), expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        for (const char *text :
             {"", "GMT", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 94 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
              "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 29 Feb 2023 00:00:00 GMT",
              "Sun, 06 Nov 1994 08:60:00 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sunday, 06 Nov 94 08:49:37 GMT",
              "Sun Nov 6 08:49:37", "Sun Nov 6 08:49:37 94", "Sun, 00 Nov 1994 08:49:37 GMT",
              "Sun, -1 Nov 1994 08:49:37 GMT", "Sun, 06 Nov -994 08:49:37 GMT", "Sun, 06 Nov 0000 08:49:37 GMT"}) {
            QTest::newRow(text) << QByteArray(text);
        }
    }

    void rejects()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseHttpDate(text, utc(2026, 1, 1, 0, 0, 0)).isValid());
    }

    void formatsImfFixdate()
    {
        QCOMPARE(formatHttpDate(utc(1994, 11, 6, 8, 49, 37)), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        const QDateTime plusOneHour(QDate(2026, 11, 28), QTime(15, 50, 47), QTimeZone(3600));
        QCOMPARE(formatHttpDate(plusOneHour), QByteArray("Sat, 28 Nov 2026 14:50:47 GMT"));
        const QDateTime t = utc(2026, 3, 1, 23, 5, 9);
        QCOMPARE(parseHttpDate(formatHttpDate(t), t), t);
    }

    void dayNames()
    {
        QVERIFY(isHttpDayName("Sun"));
        QVERIFY(isHttpDayName("wednesday"));
        QVERIFY(!isHttpDayName("Sunny"));
        QVERIFY(!isHttpDayName(""));
    }
};

QTEST_GUILESS_MAIN(TestHttpDate)
#include "tst_httpdate.moc"
