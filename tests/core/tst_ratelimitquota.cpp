// SPDX-License-Identifier: GPL-3.0-or-later
// The quota fields a response may carry (docs/endpoints-file.md, "Rate-limit
// pacing"), read as the IETF draft and the X-RateLimit convention write them.
#include "core/policy/ratelimitquota.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;
using Fields = RateLimitQuota::Fields;

Q_DECLARE_METATYPE(Fields)
Q_DECLARE_METATYPE(std::optional<RateLimitQuota>)

namespace {

const QDateTime received(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());

std::optional<RateLimitQuota> quota(qint64 remaining, std::optional<std::chrono::milliseconds> reset)
{
    return RateLimitQuota{remaining, reset};
}

} // namespace

class TestRateLimitQuota final : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<std::optional<RateLimitQuota>>("expected");
        const std::optional<RateLimitQuota> none;
        const auto rateLimit = [](const char *value) {
            Fields f;
            f.rateLimit = value;
            return f;
        };
        const auto x = [](const char *remaining, const char *reset, const char *date = nullptr) {
            Fields f;
            f.xRemaining = remaining;
            f.xReset = reset ? QByteArray(reset) : QByteArray();
            f.date = date ? QByteArray(date) : QByteArray();
            return f;
        };
        QTest::newRow("absent") << Fields{} << none;
        QTest::newRow("draft item") << rateLimit("\"default\";r=0;t=30") << quota(0, 30s);
        QTest::newRow("token item, space after ;") << rateLimit("day;r=5; t=3600") << quota(5, 3600s);
        QTest::newRow("smallest r wins") << rateLimit("\"minute\";r=50;t=30, \"day\";r=3;t=7200, \"burst\";r=9;t=1")
                                         << quota(3, 7200s);
        QTest::newRow("other parameters") << rateLimit("\"q\";pk=:YWJj:;r=2;x=\"t=9\";t=4") << quota(2, 4s);
        QTest::newRow("no t: count only") << rateLimit("\"default\";r=0") << quota(0, std::nullopt);
        QTest::newRow("inner list skipped") << rateLimit("(\"a\" \"b\");r=7;t=1") << quota(7, 1s);
        QTest::newRow("no r anywhere") << rateLimit("\"default\";t=30") << none;
        QTest::newRow("negative r") << rateLimit("\"default\";r=-1;t=30") << none;
        QTest::newRow("decimal r") << rateLimit("\"default\";r=1.5;t=30") << none;
        QTest::newRow("unterminated string") << rateLimit("\"default;r=0;t=30") << none;
        QTest::newRow("trailing comma") << rateLimit("\"default\";r=0;t=30,") << none;
        QTest::newRow("old dictionary form") << rateLimit("limit=100, remaining=0, reset=30") << none;
        QTest::newRow("space before ;") << rateLimit("day ;r=5;t=3600") << none;
        QTest::newRow("empty") << rateLimit("") << none;

        QTest::newRow("x seconds") << x("0", "12") << quota(0, 12s);
        QTest::newRow("x fraction") << x("4", "1.5") << quota(4, 1500ms);
        QTest::newRow("x remaining only") << x("10", nullptr) << quota(10, std::nullopt);
        QTest::newRow("x bad reset keeps the count") << x("0", "soon") << quota(0, std::nullopt);
        QTest::newRow("x negative reset") << x("0", "-5") << quota(0, std::nullopt);
        QTest::newRow("x bad remaining") << x("none", "12") << none;
        QTest::newRow("x negative remaining") << x("-1", "12") << none;
        // Epoch seconds: against the answer's Date (11:59:00, a minute behind
        // the local clock), not the local clock.
        const qint64 epoch = received.toSecsSinceEpoch();
        QTest::newRow("x epoch against Date")
            << x("0", QByteArray::number(epoch + 30).constData(), "Thu, 03 Dec 2026 11:59:00 GMT") << quota(0, 90s);
        QTest::newRow("x epoch without Date") << x("0", QByteArray::number(epoch + 30).constData()) << quota(0, 30s);
        QTest::newRow("x epoch in the past") << x("0", QByteArray::number(epoch - 30).constData()) << quota(0, 0ms);

        Fields both = rateLimit("\"default\";r=1;t=2");
        both.xRemaining = "0";
        both.xReset = "60";
        QTest::newRow("RateLimit before X-RateLimit") << both << quota(1, 2s);
        Fields brokenDraft = both;
        brokenDraft.rateLimit = "garbage;;";
        QTest::newRow("a broken RateLimit falls back") << brokenDraft << quota(0, 60s);
        Fields draftSeparate;
        draftSeparate.draftRemaining = "0";
        draftSeparate.draftReset = "7";
        draftSeparate.xRemaining = "9";
        QTest::newRow("RateLimit-Remaining before X-") << draftSeparate << quota(0, 7s);
    }

    void parses()
    {
        QFETCH(Fields, fields);
        QFETCH(std::optional<RateLimitQuota>, expected);
        const auto actual = RateLimitQuota::parse(fields, received);
        QCOMPARE(actual.has_value(), expected.has_value());
        if (expected) {
            QCOMPARE(actual->remaining, expected->remaining);
            QCOMPARE(actual->reset.has_value(), expected->reset.has_value());
            if (expected->reset)
                QCOMPARE(actual->reset->count(), expected->reset->count());
        }
    }

    // At most a tenth of the wait, and never more than a second.
    void jitterBound()
    {
        QCOMPARE(maxPacingJitter(0ms), 0ms);
        QCOMPARE(maxPacingJitter(900ms), 90ms);
        QCOMPARE(maxPacingJitter(10s), 1000ms);
        QCOMPARE(maxPacingJitter(3600s), 1000ms);
    }
};

QTEST_GUILESS_MAIN(TestRateLimitQuota)
#include "tst_ratelimitquota.moc"
