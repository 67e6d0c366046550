// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint table says what state each endpoint is in, and why: its retry
// budget running dry and recovering, the machine offline, slow calls and an
// announced quota, the breaker's way toward opening.
#include "tests/ui/livewindow.h"
#include "ui/endpointtablemodel.h"
#include "ui/guardtext.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTest>

using namespace std::chrono_literals;

class TestTableStates final : public QObject
{
    Q_OBJECT

private slots:
    // A scripted outage drains the budget: the table says "exhausted" (and
    // why, on hover) while it holds, and shows tokens again once successes
    // earn them back.
    void budgetColumnGoesExhaustedAndRecovers()
    {
        LiveWindow live;
        Endpoint e = live.endpoint(QStringLiteral("outage"), QStringLiteral("/outage?first=down&down_s=4&up_s=600"));
        e.retry.maxAttempts = 3;
        e.retry.initialDelay = 10ms;
        e.retry.maxDelay = 10ms;
        e.breaker.enabled = false;
        e.budget.maxTokens = 4; // retries while more than 2 are left
        e.budget.tokenRatio = 1;
        QVERIFY(live.start({e}));
        EndpointTableModel *table = live.window->endpointModel();
        QTRY_COMPARE(table->rowCount(), 1);
        const auto budget = [&] { return cell(table, e.name, EndpointTableModel::Budget); };
        QTRY_COMPARE(budget().data().toString(), QStringLiteral("exhausted"));
        QVERIFY2(
            budget().data(Qt::ToolTipRole).toString().startsWith(QLatin1String("Retries off: the budget is exhausted")),
            qPrintable(budget().data(Qt::ToolTipRole).toString()));
        QVERIFY(budget().data(Qt::ForegroundRole).isValid());
        // The outage ends 4 s after the server started (room for a slow start
        // under the sanitizers); then successes earn.
        QTRY_COMPARE_WITH_TIMEOUT(budget().data().toString(), QStringLiteral("4 of 4"), 12000);
        QVERIFY(!budget().data(Qt::ForegroundRole).isValid());
        QVERIFY(budget().data(Qt::ToolTipRole).toString().startsWith(QLatin1String("Retry budget: 4 of 4 tokens")));
        // The log said so on the cycle that ran dry.
        bool said = false;
        for (int row = 0; row < live.window->attemptModel()->rowCount(); ++row)
            said |= live.window->attemptModel()->index(row, AttemptLogModel::Reason).data().toString()
                == QLatin1String("budget exhausted");
        QVERIFY(said);
        live.monitor.stop();
    }

    // The connectivity check fails: a banner says why nothing is polled,
    // every row is greyed with "offline" (the reason on hover); the check
    // passes again and both go.
    void offlineIsShownWithItsReason()
    {
        LiveWindow live;
        FaultServer check(live.clock);
        QVERIFY(check.listen(0));
        const quint16 checkPort = check.port();
        QVERIFY(live.start({live.endpoint(QStringLiteral("api"), QStringLiteral("/ok"))}));
        EndpointsDocument document = live.monitor.document();
        document.connectivity.checkUrl = check.url(QStringLiteral("/ok"));
        document.connectivity.interval = 100ms;
        live.monitor.setDocument(document);
        auto *banner = live.window->findChild<QLabel *>(QStringLiteral("offlineBanner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());
        EndpointTableModel *table = live.window->endpointModel();
        const auto next = [&] { return cell(table, QStringLiteral("api"), EndpointTableModel::Next); };

        check.close();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
        QVERIFY2(banner->text().startsWith(QStringLiteral("Offline: the check http://127.0.0.1:%1/ok failed: "
                                                          "Connection refused. No endpoint is polled")
                                               .arg(checkPort)),
                 qPrintable(banner->text()));
        QTRY_COMPARE(next().data().toString(), QStringLiteral("offline"));
        QVERIFY(cell(table, QStringLiteral("api"), EndpointTableModel::Name).data(Qt::ForegroundRole).isValid());
        QVERIFY2(next()
                     .data(Qt::ToolTipRole)
                     .toString()
                     .startsWith(QStringLiteral("Not polled while this machine is offline: the check")),
                 qPrintable(next().data(Qt::ToolTipRole).toString()));

        QVERIFY(check.listen(checkPort));
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 5000);
        QTRY_VERIFY(next().data().toString() != QLatin1String("offline"));
        QVERIFY(!cell(table, QStringLiteral("api"), EndpointTableModel::Name).data(Qt::ForegroundRole).isValid());
        live.monitor.stop();
    }

    // Slow successes say so (Last, beats, tooltip) and an endpoint whose
    // successes are mostly slow looks degraded; the quota a server announces
    // shows in its column with when it resets.
    void slowCallsAndQuotaShow()
    {
        LiveWindow live;
        Endpoint sluggish = live.endpoint(QStringLiteral("sluggish"), QStringLiteral("/delay/150"));
        sluggish.breaker.slowCallDuration = 100ms;
        sluggish.breaker.slowCallRatePercent = 100; // stays closed: every call slow, but the window needs 10
        Endpoint paced = live.endpoint(QStringLiteral("paced"), QStringLiteral("/ratelimit?rps=1&retry_after=0"));
        paced.budget.key = QStringLiteral("quota");
        // Shares paced's budget, so its cycles wait for the quota paced learnt.
        Endpoint sibling = live.endpoint(QStringLiteral("sibling"), QStringLiteral("/ok"));
        sibling.budget.key = paced.budget.key;
        // The sibling joins once paced has learnt that the quota is spent, so
        // its first cycle starts inside the spent stretch and holds its first
        // request. (Left running from the start, a sibling cycle that ends
        // while the quota is spent defers the next one to the reset, and only
        // a cycle that starts in between holds: a race a loaded machine loses.)
        QVERIFY(live.start({sluggish, paced}));
        EndpointTableModel *table = live.window->endpointModel();
        QTRY_COMPARE(table->rowCount(), 2);
        const auto quota = [&] { return cell(table, paced.name, EndpointTableModel::Quota); };
        QTRY_VERIFY2_WITH_TIMEOUT(quota().data().toString().startsWith(QStringLiteral("0 left · resets in ")),
                                  qPrintable(quota().data().toString()), 10000);
        QVERIFY(quota().data(Qt::ToolTipRole).toString().contains(QLatin1String("announced 0 requests left")));
        live.monitor.setEndpoints({sluggish, paced, sibling});
        QTRY_COMPARE(table->rowCount(), 3);
        const auto next = [&] { return cell(table, sibling.name, EndpointTableModel::Next).data().toString(); };
        QVERIFY2(next().startsWith(QLatin1String("quota resets in ")), qPrintable(next()));
        const auto last = [&] { return cell(table, sluggish.name, EndpointTableModel::LastOutcome); };
        QTRY_COMPARE_WITH_TIMEOUT(last().data().toString(), QStringLiteral("degraded · slow calls"), 10000);
        QVERIFY2(last().data(Qt::ToolTipRole).toString().startsWith(QLatin1String("Degraded: ")),
                 qPrintable(last().data(Qt::ToolTipRole).toString()));
        QVERIFY(last().data(Qt::ForegroundRole).isValid());
        const QVariantList beats
            = cell(table, sluggish.name, EndpointTableModel::Beats).data(EndpointTableModel::BeatsRole).toList();
        QVERIFY(!beats.isEmpty() && beats.last().toInt() == int(EndpointStats::Beat::Slow));

        // Paced by its quota: the server never refused it.
        QCOMPARE(cell(table, paced.name, EndpointTableModel::SuccessRate).data().toString(), QStringLiteral("100.0%"));
        live.monitor.stop();
    }

    // The breaker's way toward opening: failures in a row of the threshold,
    // and the failure rate once enough calls are in.
    void breakerProgressCounts()
    {
        BreakerPolicy policy;
        policy.failureThreshold = 3;
        QCOMPARE(GuardText::breakerProgress(policy, BreakerState::Closed, {2, 2, 4}).brief,
                 QStringLiteral("2 of 3 failures"));
        policy.failureRatePercent = 50;
        policy.minimumCalls = 10;
        QCOMPARE(GuardText::breakerProgress(policy, BreakerState::Closed, {2, 4, 10}).brief,
                 QStringLiteral("2 of 3 · 40% of 50%"));
        const GuardText::Text early = GuardText::breakerProgress(policy, BreakerState::Closed, {1, 2, 6});
        QCOMPARE(early.brief, QStringLiteral("1 of 3 failures")); // the rate counts from 10 calls on
        QVERIFY2(early.explanation.contains(QLatin1String("counted once 10 calls are in (6 so far)")),
                 qPrintable(early.explanation));
        QCOMPARE(GuardText::breakerProgress(policy, BreakerState::Open, {}).brief, QStringLiteral("–"));
        policy.enabled = false;
        QCOMPARE(GuardText::breakerProgress(policy, BreakerState::Disabled, {}).brief, QStringLiteral("never opens"));

        LiveWindow live;
        Endpoint e = live.endpoint(QStringLiteral("failing"), QStringLiteral("/status/503"));
        e.retry.maxAttempts = 1;
        e.breaker.failureThreshold = 100;
        QVERIFY(live.start({e}));
        EndpointTableModel *table = live.window->endpointModel();
        QTRY_COMPARE(table->rowCount(), 1);
        const auto progress = [&] { return cell(table, e.name, EndpointTableModel::Progress).data().toString(); };
        QTRY_VERIFY2(progress().contains(QRegularExpression(QStringLiteral("^[2-9] of 100 failures$"))),
                     qPrintable(progress()));
        live.monitor.stop();
    }
};

QTEST_MAIN(TestTableStates)
#include "tst_tablestates.moc"
