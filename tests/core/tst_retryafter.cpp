// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retryafter.h"

#include <QTest>
#include <QTimeZone>

Q_DECLARE_METATYPE(RetryAfter::Kind)

namespace {

// The moment every case is parsed at, as the local clock sees it.
QDateTime received()
{
    return QDateTime(QDate(2026, 11, 28), QTime(14, 50, 0), QTimeZone::utc());
}

} // namespace

class TestRetryAfter final : public QObject
{
    Q_OBJECT

private slots:
    void corpus_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("date");
        QTest::addColumn<RetryAfter::Kind>("kind");
        QTest::addColumn<qint64>("delayMs");
        QTest::addColumn<QString>("reason"); // a fragment of the reason, for Ignored

        using K = RetryAfter::Kind;
        const QByteArray noDate;
        const auto delay = [&](const char *name, const QByteArray &value, qint64 ms, const QByteArray &date = {}) {
            QTest::newRow(name) << value << date << K::Delay << ms << QString();
        };
        const auto ignore = [&](const char *name, const QByteArray &value, const char *reason) {
            QTest::newRow(name) << value << noDate << K::Ignored << 0LL << QString::fromUtf8(reason);
        };

        QTest::newRow("absent") << QByteArray() << noDate << K::Absent << 0LL << QString();
        // delay-seconds
        delay("seconds", "120", 120000);
        delay("zero", "0", 0);
        delay("surrounding spaces", "  5  ", 5000);
        delay("tab", "\t7", 7000);
        delay("leading zeros", "000000000000005", 5000);
        delay("largest allowed", "2147483647", 2147483647000LL);
        ignore("one past the largest", "2147483648", "out of range");
        ignore("overflowing", "9999999999", "out of range");
        ignore("far beyond int64", "99999999999999999999999999", "out of range");
        ignore("leading plus", "+5", "has a sign");
        ignore("negative", "-1", "negative");
        ignore("fractional", "1.5", "neither delay-seconds nor an HTTP-date");
        ignore("empty", "", "empty");
        ignore("only spaces", "   ", "empty");
        ignore("words", "soon", "neither");
        ignore("unit suffix", "120 seconds", "neither");
        ignore("hex", "0x10", "neither");
        // HTTP-dates against the local clock
        delay("IMF-fixdate", "Sat, 28 Nov 2026 14:50:30 GMT", 30000);
        delay("IMF-fixdate lower case", "sat, 28 nov 2026 14:50:30 gmt", 30000);
        delay("RFC 850", "Saturday, 28-Nov-26 14:51:00 GMT", 60000);
        delay("asctime", "Sat Nov 28 14:50:10 2026", 10000);
        delay("asctime next day", "Sun Nov 29 14:50:00 2026", 86400000);
        delay("leap second read as :59", "Sat, 28 Nov 2026 14:50:60 GMT", 59000);
        delay("past date: no extra wait", "Sun, 06 Nov 1994 08:49:37 GMT", 0);
        delay("RFC 850 two-digit year in the past", "Monday, 28-Nov-77 14:50:00 GMT", 0);
        ignore("IMF without GMT", "Sat, 28 Nov 2026 14:50:30", "neither");
        ignore("IMF with other zone", "Sat, 28 Nov 2026 14:50:30 CET", "neither");
        ignore("31 February", "Sat, 31 Feb 2026 10:00:00 GMT", "neither");
        ignore("hour 25", "Sat, 28 Nov 2026 25:00:00 GMT", "neither");
        ignore("unknown month", "Sat, 28 Foo 2026 14:50:30 GMT", "neither");
        ignore("far future date", "Fri, 31 Dec 9999 23:59:59 GMT", "too far in the future");
        // Found by fuzz_retryafter: control characters from the server went
        // into the reason, and so into the one-line console output.
        ignore("control characters", "soon\r\x01", "\"soon\\r\\x01\" is neither");
        ignore("very long garbage", QByteArray(10000, 'x'), "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"");
        // measured against the response's Date field, not the local clock
        delay("server clock ahead", "Sat, 28 Nov 2026 14:55:20 GMT", 20000, "Sat, 28 Nov 2026 14:55:00 GMT");
        delay("server clock behind", "Sat, 28 Nov 2026 14:45:45 GMT", 45000, "Sat, 28 Nov 2026 14:45:00 GMT");
        delay("date already passed by server", "Sat, 28 Nov 2026 14:50:30 GMT", 0, "Sat, 28 Nov 2026 15:00:00 GMT");
        delay("garbage Date falls back to local", "Sat, 28 Nov 2026 14:50:30 GMT", 30000, "yesterday");
        delay("seconds ignore the Date field", "30", 30000, "Sat, 28 Nov 2026 10:00:00 GMT");
        // repeated fields, joined by ", " as Qt reports them
        delay("two equal seconds", "30, 30", 30000);
        delay("two equal dates", "Sat, 28 Nov 2026 14:50:30 GMT, Sat, 28 Nov 2026 14:50:30 GMT", 30000);
        delay("date and equal seconds", "Sat, 28 Nov 2026 14:50:30 GMT, 30", 30000);
        ignore("two different seconds", "30, 60", "conflicting");
        ignore("valid and garbage", "30, soon", "neither");
    }

    void corpus()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, date);
        QFETCH(RetryAfter::Kind, kind);
        QFETCH(qint64, delayMs);
        QFETCH(QString, reason);

        const RetryAfter parsed = RetryAfter::parse(value, received(), date);
        QCOMPARE(parsed.kind, kind);
        QCOMPARE(parsed.delay.count(), delayMs);
        if (kind == RetryAfter::Kind::Ignored)
            QVERIFY2(parsed.reason.contains(reason), qPrintable(parsed.reason));
        else
            QVERIFY2(parsed.reason.isEmpty(), qPrintable(parsed.reason));
        QVERIFY(parsed.reason.size() < 200); // never echoes a huge value back
    }
};

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
