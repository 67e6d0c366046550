// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/faultserver/faultserver.h"
#include "core/policy/backoff.h"
#include "core/store/history.h"
#include "core/util/randomsource.h"
#include "ui/backoffpreviewchart.h"
#include "ui/breakerlaneschart.h"
#include "ui/chartspanel.h"
#include "ui/cyclewaterfall.h"
#include "ui/endpointtablemodel.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QScatterSeries>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QStackedBarSeries>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

AttemptRecord record(int cycle)
{
    AttemptRecord r;
    r.timeUtc = QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc()).addSecs(cycle);
    r.endpoint = QStringLiteral("api");
    r.cycle = cycle;
    r.attempt = 1;
    r.httpStatus = 200;
    r.latency = 5ms;
    return r;
}

QVariantList beats(EndpointTableModel *table, const QString &name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->endpoint(row).name == name)
            return table->index(row, EndpointTableModel::Beats).data(EndpointTableModel::BeatsRole).toList();
    }
    return {};
}

// A window over a real monitor whose attempts and transitions go to a
// history, with the fault server on 127.0.0.1 to poll.
struct WindowOnHistory
{
    explicit WindowOnHistory(quint64 seed)
        : random(seed)
    { }
    // Listens, opens the history, shows the window; false when one failed.
    bool start()
    {
        if (!server.listen(0) || !history.open(dir.filePath(QStringLiteral("history.sqlite"))).isEmpty())
            return false;
        QObject::connect(&monitor, &Monitor::attemptRecorded, &history,
                         qOverload<const AttemptRecord &>(&History::add));
        QObject::connect(&monitor, &Monitor::transitioned, &history,
                         qOverload<const BreakerTransition &>(&History::add));
        window = std::make_unique<MainWindow>(monitor, clock, &history); // after open(): it reads the path
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }

    const SystemClock clock;
    SeededRandom random;
    FaultServer server{clock};
    QTemporaryDir dir;
    History history{clock};
    Monitor monitor{clock, random};
    std::unique_ptr<MainWindow> window;
};

} // namespace

class TestDashboard final : public QObject
{
    Q_OBJECT

private slots:
    void attemptLogIsARollingBuffer()
    {
        AttemptLogModel model(nullptr, 5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({record(1), record(2), record(3)});
        QCOMPARE(model.rowCount(), 3);
        model.append({record(4), record(5), record(6), record(7)});
        QCOMPARE(model.rowCount(), 5); // the two oldest left first
        QCOMPARE(model.data(model.index(0, AttemptLogModel::Attempt)).toString(), QStringLiteral("#3.1"));
        QCOMPARE(model.data(model.index(4, AttemptLogModel::Attempt)).toString(), QStringLiteral("#7.1"));
        QList<AttemptRecord> many;
        for (int i = 10; i < 30; ++i)
            many.append(record(i));
        model.append(many); // more than the capacity at once
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.data(model.index(0, AttemptLogModel::Attempt)).toString(), QStringLiteral("#25.1"));
        QCOMPARE(model.data(model.index(0, AttemptLogModel::Latency)).toString(), QStringLiteral("5 ms"));
    }

    void transitionsModel()
    {
        TransitionsModel model(nullptr, 3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({BreakerTransition{QDateTime::currentDateTimeUtc(),
                                        QStringLiteral("api"),
                                        BreakerState::Closed,
                                        BreakerState::Open,
                                        QStringLiteral("5 consecutive failures"),
                                        {}}});
        QCOMPARE(model.data(model.index(0, TransitionsModel::To)).toString(), QStringLiteral("open"));
        QCOMPARE(model.data(model.index(0, TransitionsModel::Reason)).toString(),
                 QStringLiteral("5 consecutive failures"));
        QVERIFY(!model.data(model.index(0, TransitionsModel::From), Qt::DecorationRole).value<QIcon>().isNull());
    }

    // The whole window over a real monitor and the fault server: rows for
    // every endpoint, attempts and transitions arriving, the filter working.
    void dashboardFollowsTheMonitor()
    {
        const SystemClock clock;
        SeededRandom random(5);
        FaultServer server(clock);
        QVERIFY(server.listen(0));
        Monitor monitor(clock, random);
        MainWindow window(monitor, clock);
        QAbstractItemModelTester tableTester(window.endpointModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        Endpoint ok;
        ok.name = QStringLiteral("healthy");
        ok.url = server.url(QStringLiteral("/ok"));
        ok.interval = 200ms;
        Endpoint failing = ok;
        failing.name = QStringLiteral("failing");
        failing.url = server.url(QStringLiteral("/status/503"));
        failing.retry.initialDelay = 10ms;
        failing.retry.maxDelay = 20ms;
        failing.breaker.failureThreshold = 3;
        monitor.setEndpoints({ok, failing});

        EndpointTableModel *table = window.endpointModel();
        QTRY_COMPARE(table->rowCount(), 2);
        QTRY_VERIFY(window.attemptModel()->rowCount() >= 4);
        QTRY_VERIFY(window.transitionsModel()->rowCount() >= 1);
        const auto cell = [table](const QString &name, int column) {
            for (int row = 0; row < table->rowCount(); ++row) {
                if (table->data(table->index(row, 0), EndpointTableModel::NameRole).toString() == name)
                    return table->data(table->index(row, column)).toString();
            }
            return QString();
        };
        QTRY_COMPARE(cell(QStringLiteral("healthy"), EndpointTableModel::SuccessRate), QStringLiteral("100.0%"));
        QTRY_COMPARE(cell(QStringLiteral("failing"), EndpointTableModel::State), QStringLiteral("open"));
        QVERIFY(cell(QStringLiteral("failing"), EndpointTableModel::Next).startsWith(QLatin1String("probe in")));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusSummary"));
        QVERIFY(status);
        QTRY_VERIFY2(status->text().startsWith(QStringLiteral("1 of 2 endpoints up · 1 open breakers · ")),
                     qPrintable(status->text()));

        // The charts are fed: latency points, category bars, and for the
        // selected failing endpoint its observed delays inside the band.
        QTRY_VERIFY(window.charts()->latencyPointCount() > 0);
        // Only the chart on show is fed; each tab catches up when chosen.
        window.charts()->tabs()->setCurrentIndex(3);
        QTRY_VERIFY(window.charts()->categorySeries()->count() >= 2); // ok and server_error at least
        auto *view0 = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        for (int row = 0; row < view0->model()->rowCount(); ++row) {
            if (view0->model()->index(row, EndpointTableModel::Name).data().toString() == QLatin1String("failing"))
                view0->selectRow(row);
        }
        BackoffPreviewChart *backoff = window.charts()->backoffChart();
        window.charts()->tabs()->setCurrentWidget(backoff);
        QTRY_VERIFY(backoff->observed()->count() > 0);
        for (const QPointF &point : backoff->observed()->points()) {
            const DelayBand band = Backoff::band(failing.retry, qRound(point.x()));
            QVERIFY2(band.contains(std::chrono::milliseconds(qRound64(point.y()))),
                     qPrintable(QStringLiteral("retry %1: %2 ms").arg(point.x()).arg(point.y())));
        }

        // Beats: the healthy endpoint's recent cycles are first-try successes.
        QTRY_VERIFY(!beats(table, QStringLiteral("healthy")).isEmpty());
        const QVariantList healthyBeats = beats(table, QStringLiteral("healthy"));
        QVERIFY(std::all_of(healthyBeats.begin(), healthyBeats.end(),
                            [](const QVariant &b) { return b.toInt() == int(EndpointStats::Beat::FirstTry); }));
        QTRY_VERIFY(beats(table, QStringLiteral("failing")).contains(int(EndpointStats::Beat::Failed)));

        // The attempt log filtered to one category; a retried cycle as a waterfall.
        auto *log = window.findChild<QTableView *>(QStringLiteral("attemptLog"));
        QAbstractItemModelTester logTester(log->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *category = window.findChild<QComboBox *>(QStringLiteral("attemptCategoryFilter"));
        category->setCurrentText(QStringLiteral("server_error"));
        QVERIFY(log->model()->rowCount() > 0);
        int retried = -1;
        for (int row = 0; row < log->model()->rowCount(); ++row) {
            QCOMPARE(log->model()->index(row, AttemptLogModel::Category).data().toString(),
                     QStringLiteral("server_error"));
            if (log->model()->index(row, AttemptLogModel::Attempt).data().toString().endsWith(QLatin1String(".2")))
                retried = row;
        }
        QVERIFY(retried >= 0);
        log->setCurrentIndex(log->model()->index(retried, 0));
        QVERIFY(window.waterfall()->timeline().rows.size() >= 2);
        QCOMPARE(window.waterfall()->timeline().rows.at(0).record.endpoint, QStringLiteral("failing"));
        QCOMPARE(window.waterfall()->timeline().rows.at(1).segments.first().fromMs
                     >= window.waterfall()->timeline().rows.at(0).segments.last().toMs - 1,
                 true);
        category->setCurrentIndex(0);

        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("endpointFilter"));
        auto *view = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        QVERIFY(filter && view);
        QTest::keyClicks(filter, QStringLiteral("heal"));
        QCOMPARE(view->model()->rowCount(), 1);
        monitor.stop();
    }

    // A dark palette reaches the charts; the window's layout outlives it.
    void followsThePaletteAndKeepsItsLayout()
    {
        const SystemClock clock;
        SeededRandom random(7);
        Monitor monitor(clock, random);
        const QPalette light = QApplication::palette();
        {
            MainWindow window(monitor, clock);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *latency = window.findChild<QChartView *>(QStringLiteral("latencyChart"));
            QVERIFY(latency->chart()->backgroundBrush().color().lightness() > 128);
            QPalette dark = light;
            dark.setColor(QPalette::Base, QColor(30, 30, 30));
            dark.setColor(QPalette::Window, QColor(45, 45, 45));
            dark.setColor(QPalette::Text, QColor(230, 230, 230));
            QApplication::setPalette(dark);
            QTRY_VERIFY(latency->chart()->backgroundBrush().color().lightness() < 64);
            QCOMPARE(latency->chart()->titleBrush().color(), QColor(230, 230, 230));
            QApplication::setPalette(light);

            window.findChild<QDockWidget *>(QStringLiteral("transitionsDock"))->hide();
            window.resize(1111, 777);
            window.close(); // saves geometry and docks
        }
        MainWindow again(monitor, clock);
        QCOMPARE(again.size(), QSize(1111, 777));
        QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("transitionsDock"))->isHidden());
    }

    // A full disk under the history (SQLite's max_page_count): the window
    // says so and keeps saying so until writing works again; polling goes on.
    void fullDiskShowsAPersistentWarning()
    {
        WindowOnHistory live(8);
        QVERIFY(live.start());
        MainWindow &window = *live.window;
        History &history = live.history;
        Monitor &monitor = live.monitor;
        const FaultServer &server = live.server;
        auto *warning = window.findChild<QLabel *>(QStringLiteral("storageWarning"));
        QVERIFY(warning);
        QVERIFY(warning->isHidden());

        QSqlQuery pragma(history.database());
        QVERIFY(pragma.exec(QStringLiteral("PRAGMA page_count")) && pragma.next());
        QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pragma.value(0).toLongLong())));
        Endpoint ok;
        ok.name = QString(300, QLatin1Char('n')); // long rows fill the few free bytes at once
        ok.url = server.url(QStringLiteral("/ok"));
        ok.interval = 100ms;
        monitor.setEndpoints({ok});
        QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 5000);
        QVERIFY2(warning->toolTip().contains(QLatin1String("full")), qPrintable(warning->toolTip()));
        const int shown = window.attemptModel()->rowCount();
        QTRY_VERIFY(window.attemptModel()->rowCount() > shown + 2); // polling continues
        QVERIFY(warning->isVisible());

        QVERIFY(pragma.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
        QTRY_VERIFY_WITH_TIMEOUT(warning->isHidden(), 5000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("saving again")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY(history.attemptCount() > 0);
    }

    // What the window shows (and so any screenshot of it) holds no secret:
    // every cell of every model in every text role, every label and tooltip.
    void theWindowShowsNoSecret()
    {
        const SystemClock clock;
        SeededRandom random(9);
        FaultServer server(clock);
        QVERIFY(server.listen(0));
        Monitor monitor(clock, random);
        MainWindow window(monitor, clock);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString password = QStringLiteral("Gu1Passw0rd-8e1");
        const QString key = QStringLiteral("Gu1LiteralKey-4b7");
        QList<Endpoint> endpoints;
        for (const QString &path : {QStringLiteral("/status/404"), QStringLiteral("/reset")}) {
            Endpoint e;
            e.name = path.mid(1, 6);
            e.url = server.url(path);
            e.url.setUserName(QStringLiteral("agent"));
            e.url.setPassword(password);
            e.headers = {{QStringLiteral("X-Api-Key"), key}};
            e.interval = 200ms;
            endpoints.append(e);
        }
        monitor.setEndpoints(endpoints);
        QTRY_VERIFY(window.attemptModel()->rowCount() >= 6);
        QTRY_COMPARE(window.endpointModel()->rowCount(), 2);
        auto *view = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        view->selectRow(0);
        QTest::qWait(500); // a refresh with the selection: charts, policy, waterfall

        QStringList texts;
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
                 window.endpointModel(), window.attemptModel(), window.transitionsModel()}) {
            for (int row = 0; row < model->rowCount(); ++row) {
                for (int column = 0; column < model->columnCount(); ++column) {
                    for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::StatusTipRole)})
                        texts.append(model->data(model->index(row, column), role).toString());
                }
            }
        }
        for (QWidget *widget : window.findChildren<QWidget *>()) {
            texts.append(widget->toolTip());
            if (auto *label = qobject_cast<QLabel *>(widget))
                texts.append(label->text());
        }
        const QString all = texts.join(u'\n');
        QVERIFY(all.contains(QStringLiteral("Error transferring http://***@127.0.0.1"))); // the error is on show
        QVERIFY2(!all.contains(password) && !all.contains(key), qPrintable(all.left(2000)));
    }

    // The monitor says when its endpoints change; the table takes them again
    // and the selected endpoint stays selected with its new settings, wherever
    // its row went. When it goes away, the views show everyone again.
    void theSelectionSurvivesAnEdit()
    {
        const SystemClock clock;
        SeededRandom random(4);
        Monitor monitor(clock, random);
        MainWindow window(monitor, clock);
        const auto endpoint = [](const QString &name, std::chrono::milliseconds interval) {
            Endpoint e;
            e.name = name;
            e.url = QUrl(QStringLiteral("http://127.0.0.1:9/") + name);
            e.interval = interval;
            return e;
        };
        monitor.setEndpoints({endpoint(QStringLiteral("a"), 60s), endpoint(QStringLiteral("b"), 60s)});
        QCOMPARE(window.endpointModel()->rowCount(), 2); // at once, not at the next tick
        auto *view = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, EndpointTableModel::Name).data().toString() == u"b")
                view->selectRow(row);
        }
        QCOMPARE(window.selectedEndpoint()->name, QStringLiteral("b"));
        QCOMPARE(window.charts()->subject(), QStringLiteral("b"));

        monitor.setEndpoints({endpoint(QStringLiteral("b"), 90s), endpoint(QStringLiteral("c"), 60s),
                              endpoint(QStringLiteral("0"), 60s)});
        QCOMPARE(window.endpointModel()->rowCount(), 3);
        QVERIFY(window.selectedEndpoint());
        QCOMPARE(window.selectedEndpoint()->name, QStringLiteral("b"));
        QCOMPARE(window.selectedEndpoint()->interval, 90s); // the new settings
        QCOMPARE(window.charts()->subject(), QStringLiteral("b"));

        monitor.setEndpoints({endpoint(QStringLiteral("c"), 60s)});
        QVERIFY(!window.selectedEndpoint());
        QCOMPARE(window.charts()->subject(), QString());
    }

    // Trip and reset a breaker from the toolbar; export through the action.
    void toolbarActions()
    {
        WindowOnHistory live(6);
        QVERIFY(live.start());
        MainWindow &window = *live.window;
        Monitor &monitor = live.monitor;
        const FaultServer &server = live.server;
        const QTemporaryDir &dir = live.dir;

        Endpoint ok;
        ok.name = QStringLiteral("api");
        ok.url = server.url(QStringLiteral("/ok"));
        ok.interval = 200ms;
        int rejected = 0;
        QObject::connect(&monitor, &Monitor::attemptRecorded, &window, [&rejected](const AttemptRecord &record) {
            rejected += record.outcome == AttemptOutcome::Rejected ? 1 : 0;
        });
        monitor.setEndpoints({ok});
        auto *view = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        auto *trip = window.findChild<QAction *>(QStringLiteral("tripBreaker"));
        auto *reset = window.findChild<QAction *>(QStringLiteral("resetBreaker"));
        QVERIFY(trip && reset);
        QVERIFY(!trip->isEnabled()); // nothing selected yet
        view->selectRow(0);
        QVERIFY(trip->isEnabled());

        trip->trigger();
        EndpointTableModel *table = window.endpointModel();
        QTRY_COMPARE(table->data(table->index(0, EndpointTableModel::State)).toString(), QStringLiteral("forced-open"));
        QTRY_COMPARE(window.transitionsModel()->rowCount(), 1);
        QCOMPARE(
            window.transitionsModel()->data(window.transitionsModel()->index(0, TransitionsModel::Reason)).toString(),
            QStringLiteral("manual"));
        // The breaker chart has the lane, with the transition marked.
        window.charts()->tabs()->setCurrentWidget(window.charts()->breakerChart());
        QTRY_COMPARE(window.charts()->breakerChart()->shownLanes(), QStringList{QStringLiteral("api")});
        QTRY_COMPARE(window.charts()->breakerChart()->transitionMarks()->count(), 1);
        QVERIFY(window.charts()
                    ->breakerChart()
                    ->describeNearest(QDateTime::currentMSecsSinceEpoch(), 0)
                    .contains(QStringLiteral("closed → forced-open\nmanual")));
        // A cycle that was on its way when the breaker was tripped still
        // reaches the server; cycles never overlap, so once a later one has
        // been rejected, nothing is in flight any more.
        QTRY_VERIFY(rejected > 0);
        const int sentBefore = int(server.received().size());
        QTest::qWait(600);
        QCOMPARE(int(server.received().size()), sentBefore); // nothing leaves while forced open
        reset->trigger();
        QTRY_COMPARE(table->data(table->index(0, EndpointTableModel::State)).toString(), QStringLiteral("closed"));
        QTRY_VERIFY(int(server.received().size()) > sentBefore);

        // An hour of charts comes from the history, read in another thread.
        const int attemptsSoFar = window.attemptModel()->rowCount();
        window.charts()->tabs()->setCurrentIndex(0);
        window.charts()->setSpan(std::chrono::hours(1));
        QTRY_COMPARE(window.charts()->shownSpanMs(), qint64(3600 * 1000) + 1);
        QVERIFY(window.charts()->latencyPointCount() >= attemptsSoFar - 5);
        window.charts()->setSpan(std::chrono::minutes(5));
        QTRY_COMPARE(window.charts()->shownSpanMs(), qint64(300 * 1000));

        QString path = dir.filePath(QStringLiteral("exported.csv"));
        window.setSaveFileChooser([&path](const QString &, const QString &) { return path; });
        HistoryRange range{
            QDateTime::currentDateTimeUtc().addSecs(-3600), QDateTime::currentDateTimeUtc().addSecs(1), {}};
        window.setExportRangeChooser([&range](bool) { return std::optional(range); });
        window.findChild<QAction *>(QStringLiteral("exportAttempts"))->trigger();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.first(),
                 QByteArray("time_utc,endpoint,method,url,cycle,attempt,outcome,category,http_status,"
                            "retriable,reason,latency_ms,delay_ms,retry_after_ms,breaker_state,error,"
                            "transmissions,queue_ms,slow,ratelimit_remaining,ratelimit_reset_ms\r"));
        QVERIFY(lines.size() > 3);
        QVERIFY(lines[1].contains(",api,GET,"));
        file.close();

        // Only the chosen endpoints and time: none here.
        range.endpoints = QStringList{QStringLiteral("someone-else")};
        window.findChild<QAction *>(QStringLiteral("exportAttempts"))->trigger();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 1); // the header alone
        file.close();
        range.endpoints.clear();
        window.findChild<QAction *>(QStringLiteral("exportTransitions"))->trigger();
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray transitions = file.readAll();
        QVERIFY2(transitions.contains(",api,closed,forced_open,manual"), transitions.constData());
        monitor.stop();
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
