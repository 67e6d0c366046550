// SPDX-License-Identifier: GPL-3.0-or-later
// The window says why: why a cycle ended (the attempt log's column, the
// waterfall's heading), lanes that tell the truth, whole legends,
// transitions that follow and filter. The endpoint table's states are in
// tst_tablestates.
#include "core/config/demoendpoints.h"
#include "tests/ui/livewindow.h"
#include "ui/breakerlaneschart.h"
#include "ui/chartfit.h"
#include "ui/chartspanel.h"
#include "ui/cyclewaterfall.h"
#include "ui/dashboardsettings.h"
#include "ui/docsbrowser.h"
#include "ui/endpointdialog.h"
#include "ui/endpointtablemodel.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"
#include "ui/policypreviewwidget.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimeZone>
#include <QToolButton>
#include <QToolTip>

using namespace std::chrono_literals;

namespace {

AttemptRecord attempt(int number, AttemptOutcome outcome, std::optional<CycleEndReason> reason)
{
    AttemptRecord r;
    r.timeUtc = QDateTime(QDate(2026, 12, 2), QTime(12, 0), QTimeZone::utc()).addMSecs(100 * number);
    r.endpoint = QStringLiteral("flaky");
    r.cycle = 7;
    r.attempt = number;
    r.outcome = outcome;
    r.category = outcome == AttemptOutcome::Success ? ErrorCategory::Ok : ErrorCategory::ServerError;
    r.httpStatus = outcome == AttemptOutcome::Success ? 200 : 503;
    r.latency = 5ms;
    r.reason = reason;
    return r;
}

// A window over a real monitor, polling the fault server on 127.0.0.1.
} // namespace

class TestWindowExplains final : public QObject
{
    Q_OBJECT

private slots:
    void attemptLogSaysWhyTheCycleEnded()
    {
        AttemptLogModel model;
        model.append({attempt(1, AttemptOutcome::Retry, std::nullopt),
                      attempt(2, AttemptOutcome::Failed, CycleEndReason::BudgetExhausted)});
        QCOMPARE(model.headerData(AttemptLogModel::Reason, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Ended by"));
        QCOMPARE(model.index(0, AttemptLogModel::Reason).data().toString(), QString());
        QCOMPARE(model.index(1, AttemptLogModel::Reason).data().toString(), QStringLiteral("budget exhausted"));
        const QString why = model.index(1, AttemptLogModel::Reason).data(Qt::ToolTipRole).toString();
        QVERIFY2(why.contains(QLatin1String("retries are off")), qPrintable(why));

        CycleWaterfall waterfall;
        waterfall.setCycle({attempt(1, AttemptOutcome::Retry, std::nullopt),
                            attempt(2, AttemptOutcome::Failed, CycleEndReason::BudgetExhausted)});
        QVERIFY2(waterfall.heading().startsWith(QStringLiteral("flaky · cycle 7 · ")), qPrintable(waterfall.heading()));
        QVERIFY2(waterfall.heading().endsWith(QStringLiteral(" · failed: budget exhausted")),
                 qPrintable(waterfall.heading()));
        QVERIFY(waterfall.toolTip().contains(QLatin1String("retries are off")));
        waterfall.setCycle({attempt(1, AttemptOutcome::Retry, std::nullopt),
                            attempt(2, AttemptOutcome::Retry, std::nullopt),
                            attempt(3, AttemptOutcome::Success, std::nullopt)});
        QVERIFY(waterfall.heading().endsWith(QStringLiteral(" · succeeded on attempt 3")));
    }

    // On a real monitor: a 503 with two attempts allowed ends "attempts
    // used up", in the log and in the waterfall of that cycle.
    void liveCyclesSayHowTheyEnded()
    {
        LiveWindow live;
        Endpoint failing = live.endpoint(QStringLiteral("failing"), QStringLiteral("/status/503"));
        failing.retry.maxAttempts = 2;
        failing.retry.initialDelay = 10ms;
        failing.retry.maxDelay = 10ms;
        failing.breaker.enabled = false;
        QVERIFY(live.start({failing}));
        auto *log = live.window->findChild<QTableView *>(QStringLiteral("attemptLog"));
        QTRY_VERIFY(log->model()->rowCount() >= 2);
        int last = -1;
        for (int row = 0; row < log->model()->rowCount() && last < 0; ++row) {
            if (log->model()->index(row, AttemptLogModel::Attempt).data().toString().endsWith(QLatin1String(".2")))
                last = row;
        }
        QVERIFY(last >= 0);
        QCOMPARE(log->model()->index(last, AttemptLogModel::Reason).data().toString(),
                 QStringLiteral("attempts used up"));
        QCOMPARE(log->model()->index(last - 1, AttemptLogModel::Reason).data().toString(), QString());
        // Until an attempt is chosen the waterfall takes no room, and a line
        // says how to get one; then it shows, and the line goes.
        auto *hint = live.window->findChild<QLabel *>(QStringLiteral("waterfallHint"));
        QVERIFY(hint->isVisible());
        QVERIFY(!live.window->waterfall()->isVisible());
        log->setCurrentIndex(log->model()->index(last, 0));
        QVERIFY(live.window->waterfall()->isVisible());
        QVERIFY(!hint->isVisible());
        QVERIFY2(live.window->waterfall()->heading().endsWith(QLatin1String("failed: attempts used up")),
                 qPrintable(live.window->waterfall()->heading()));
        // The charts say whose attempts they show.
        auto *subject = live.window->findChild<QLabel *>(QStringLiteral("chartsSubject"));
        QCOMPARE(subject->text(), QStringLiteral("All endpoints"));
        live.window->findChild<QTableView *>(QStringLiteral("endpointTable"))->selectRow(0);
        QCOMPARE(subject->text(), QStringLiteral("Endpoint failing"));
        QCOMPARE(live.window->charts()->subject(), QStringLiteral("failing"));
        live.monitor.stop();
    }

    // Lanes begin with a breaker's first attempt; a half-open stretch of a
    // few milliseconds is drawn wide enough to see; one lane sits in the
    // middle; hovering near a mark explains it.
    void breakerLanesTellTheTruth()
    {
        using Segment = BreakerLane::Segment;
        const QList<Segment> widened = BreakerLanesChart::widenHalfOpen({{0, 1000, BreakerState::Closed},
                                                                         {1000, 1003, BreakerState::HalfOpen},
                                                                         {1003, 1500, BreakerState::Closed},
                                                                         {1500, 100000, BreakerState::Open}},
                                                                        600, 100000);
        QCOMPARE(widened.size(), 3); // the short closed stretch is covered
        QCOMPARE(widened[1].fromMs, 1000);
        QCOMPARE(widened[1].toMs, 1600);
        QCOMPARE(widened[2].fromMs, 1600);
        QCOMPARE(widened[2].state, BreakerState::Open);

        const QList<BreakerLane> lanes = buildLanes(
            {}, {{QStringLiteral("new"), BreakerState::Closed}, {QStringLiteral("old"), BreakerState::Closed}}, 0,
            300000, {{QStringLiteral("new"), 240000}});
        QCOMPARE(lanes.size(), 2);
        QCOMPARE(lanes[0].breaker, QStringLiteral("new"));
        QCOMPARE(lanes[0].segments.first().fromMs, 240000); // not drawn green back to the window's start
        QCOMPARE(lanes[1].segments.first().fromMs, 0);

        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 300000;
        const qint64 t1 = t0 + 120000;
        const qint64 t2 = t0 + 300000;
        const auto transition = [](qint64 at, BreakerState from, BreakerState to, const char *reason) {
            return BreakerTransition{QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc()),
                                     QStringLiteral("api"),
                                     from,
                                     to,
                                     QString::fromUtf8(reason),
                                     {}};
        };
        BreakerLane lane{
            QStringLiteral("api"),
            {{t0, t1, BreakerState::Open}, {t1, t1 + 3, BreakerState::HalfOpen}, {t1 + 3, t2, BreakerState::Closed}},
            {transition(t1, BreakerState::Open, BreakerState::HalfOpen, "open period over"),
             transition(t1 + 3, BreakerState::HalfOpen, BreakerState::Closed, "probe succeeded")}};
        BreakerLanesChart chart;
        chart.resize(700, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setLanes({lane}, t0, t2);
        QTest::qWait(50);
        const QList<std::pair<qint64, qint64>> halfOpen = chart.drawn(0, BreakerState::HalfOpen);
        QCOMPARE(halfOpen.size(), 1);
        QVERIFY(halfOpen.first().second - halfOpen.first().first >= (t2 - t0) / 150);
        const QPoint mark = chart.markPosition(t1, 0);
        const int middle = chart.viewport()->height() / 2;
        QVERIFY2(std::abs(mark.y() - middle) < chart.viewport()->height() / 5,
                 qPrintable(QStringLiteral("lane at y %1 of %2").arg(mark.y()).arg(chart.viewport()->height())));
        QVERIFY(chart.describeAt(mark + QPoint(5, 4)).contains(QLatin1String("open period over"))
                || chart.describeAt(mark + QPoint(5, 4)).contains(QLatin1String("probe succeeded")));
        QCOMPARE(chart.describeAt(mark + QPoint(0, 60)), QString());
        QTest::mouseMove(chart.viewport(), mark + QPoint(3, 3));
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QLatin1String("api at ")), qPrintable(QToolTip::text()));
        QTest::mouseMove(chart.viewport(), mark + QPoint(0, 80));
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    // A legend that does not fit below the plot in one row goes to its
    // right, one entry per line (in a smaller font where needed), rather
    // than have Qt cut its labels short.
    void legendsStayWhole()
    {
        QChartView view(new QChart);
        for (const ErrorCategory category : allCategories()) {
            auto *series = new QLineSeries;
            series->setName(QString(categoryName(category)));
            view.chart()->addSeries(series);
        }
        LegendFit::keep(&view);
        view.resize(1700, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.chart()->legend()->alignment(), Qt::AlignBottom);
        QVERIFY(LegendFit::rowWidth(view.chart()) <= view.width());
        const qreal basePointSize = view.chart()->legend()->font().pointSizeF();
        view.resize(360, 400);
        QTRY_COMPARE(view.chart()->legend()->alignment(), Qt::AlignRight);
        // Beside the plot the legend has 40 % of the width: its font gives
        // way until the longest name fits there, swatch and all.
        QTest::qWait(100);
        const QLegend *legend = view.chart()->legend();
        QVERIFY(legend->font().pointSizeF() < basePointSize);
        const QFontMetrics metrics(legend->font());
        const int longest = metrics.horizontalAdvance(QStringLiteral("connection_refused")) + metrics.height();
        QVERIFY2(legend->geometry().width() >= longest,
                 qPrintable(QStringLiteral("legend %1 px, needs %2").arg(legend->geometry().width()).arg(longest)));
        view.resize(1700, 400);
        QTRY_COMPARE(view.chart()->legend()->alignment(), Qt::AlignBottom);
        QCOMPARE(view.chart()->legend()->font().pointSizeF(), basePointSize);

        // Fewer entries in the narrow chart: back below the plot, whole.
        view.resize(360, 400);
        QTRY_COMPARE(view.chart()->legend()->alignment(), Qt::AlignRight);
        const QList<QLegendMarker *> markers = legend->markers();
        for (qsizetype i = 2; i < markers.size(); ++i)
            LegendFit::show(markers.at(i), false);
        LegendFit::place(&view);
        QTRY_COMPARE(view.chart()->legend()->alignment(), Qt::AlignBottom);
        QTest::qWait(100);
        const QFontMetrics rowMetrics(legend->font());
        const int row
            = rowMetrics.horizontalAdvance(markers.at(0)->label() + markers.at(1)->label()) + 2 * rowMetrics.height();
        QVERIFY2(legend->geometry().width() >= row,
                 qPrintable(QStringLiteral("legend %1 px, needs %2").arg(legend->geometry().width()).arg(row)));

        // In the window at 1024x700, with six categories on show and then
        // one endpoint's two, every chart's legend is placed so.
        LiveWindow live;
        Endpoint slow = live.endpoint(QStringLiteral("slow"), QStringLiteral("/delay/3000"));
        slow.timeout = 100ms;
        Endpoint refused = live.endpoint(QStringLiteral("refused"), QStringLiteral("/"));
        refused.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
        QVERIFY(live.start({live.endpoint(QStringLiteral("failing"), QStringLiteral("/status/503")),
                            live.endpoint(QStringLiteral("healthy"), QStringLiteral("/ok")),
                            live.endpoint(QStringLiteral("limited"), QStringLiteral("/status/429")),
                            live.endpoint(QStringLiteral("denied"), QStringLiteral("/status/401")), slow, refused}));
        live.window->resize(1024, 700);
        QTRY_VERIFY(live.window->attemptModel()->rowCount() >= 12);
        const auto placed = [&live] {
            for (int tab = 0; tab < live.window->charts()->tabs()->count(); ++tab) {
                live.window->charts()->tabs()->setCurrentIndex(tab);
                QTest::qWait(300);
                for (QChartView *chart : live.window->charts()->findChildren<QChartView *>()) {
                    if (!chart->isVisible())
                        continue;
                    const QLegend *legend = chart->chart()->legend();
                    const bool fits = LegendFit::rowWidth(chart->chart()) <= chart->width() - 16;
                    QCOMPARE(legend->alignment(), fits ? Qt::AlignBottom : Qt::AlignRight);
                    const int needed = fits ? LegendFit::rowWidth(chart->chart())
                                            : LegendFit::columnWidth(chart->chart(), legend->font());
                    QVERIFY2(legend->geometry().width() >= needed,
                             qPrintable(QStringLiteral("%1: legend %2 px, needs %3")
                                            .arg(chart->objectName())
                                            .arg(legend->geometry().width())
                                            .arg(needed)));
                }
            }
        };
        QTest::qWait(1000); // attempts of every kind
        placed();
        live.window->findChild<QTableView *>(QStringLiteral("endpointTable"))->selectRow(0);
        placed();
        live.monitor.stop();
    }

    // The transitions dock follows new rows while at the bottom, and shows
    // one endpoint's rows when one is chosen; reasons are whole on hover.
    void transitionsFollowAndFilter()
    {
        LiveWindow live;
        const Endpoint a = live.endpoint(QStringLiteral("alpha"), QStringLiteral("/ok"));
        const Endpoint b = live.endpoint(QStringLiteral("beta"), QStringLiteral("/ok"));
        QVERIFY(live.start({a, b}));
        live.window->resize(1024, 700);
        QTRY_COMPARE(live.window->endpointModel()->rowCount(), 2);
        auto *view = live.window->findChild<QTableView *>(QStringLiteral("transitionLog"));
        QVERIFY(view);
        view->scrollToBottom();
        for (int i = 0; i < 30; ++i) { // 120 transitions: many screens of them
            for (const Endpoint &e : {a, b}) {
                live.monitor.client().breaker(e).forceOpen();
                live.monitor.client().breaker(e).reset();
            }
        }
        QTRY_COMPARE(live.window->transitionsModel()->rowCount(), 120);
        QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
        QTRY_COMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());
        const QModelIndex newest = view->model()->index(view->model()->rowCount() - 1, 0);
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(newest)));
        const QModelIndex reason = view->model()->index(0, TransitionsModel::Reason);
        QCOMPARE(reason.data(Qt::ToolTipRole).toString(), reason.data().toString());
        // At 1024x700 the reason is on screen: "from" gives way first.
        QVERIFY(!view->horizontalHeader()->isSectionHidden(TransitionsModel::Reason));
        QTRY_VERIFY(view->horizontalHeader()->sectionViewportPosition(TransitionsModel::Reason)
                        + view->horizontalHeader()->sectionSizeHint(TransitionsModel::Reason)
                    <= view->viewport()->width());

        // Read further up: new rows do not pull the view away.
        view->verticalScrollBar()->setValue(0);
        live.monitor.client().breaker(a).forceOpen();
        QTRY_COMPARE(live.window->transitionsModel()->rowCount(), 121);
        QTest::qWait(300);
        QCOMPARE(view->verticalScrollBar()->value(), 0);

        auto *chooser = live.window->findChild<QComboBox *>(QStringLiteral("transitionsEndpoint"));
        QVERIFY(chooser);
        QTRY_COMPARE(chooser->count(), 3); // all, alpha, beta
        chooser->setCurrentText(QStringLiteral("beta"));
        QCOMPARE(view->model()->rowCount(), 60);
        for (int row = 0; row < view->model()->rowCount(); ++row)
            QCOMPARE(view->model()->index(row, TransitionsModel::Breaker).data().toString(), QStringLiteral("beta"));
        chooser->setCurrentIndex(0);
        QCOMPARE(view->model()->rowCount(), 121);

        // An endpoint on a shared breaker shows that breaker's transitions,
        // and says whose they are.
        Endpoint c = live.endpoint(QStringLiteral("gamma"), QStringLiteral("/ok"));
        c.breaker.key = QStringLiteral("shared");
        live.monitor.setEndpoints({a, b, c});
        QTRY_COMPARE(chooser->count(), 4);
        QCOMPARE(chooser->itemText(3), QStringLiteral("gamma · breaker shared"));
        live.monitor.client().breaker(c).forceOpen();
        QTRY_COMPARE(live.window->transitionsModel()->rowCount(), 122);
        chooser->setCurrentIndex(3);
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->index(0, TransitionsModel::Breaker).data().toString(), QStringLiteral("shared"));
        live.monitor.stop();
    }
};

QTEST_MAIN(TestWindowExplains)
#include "tst_windowexplains.moc"
