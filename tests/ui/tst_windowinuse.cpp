// SPDX-License-Identifier: GPL-3.0-or-later
// The window in use: no header or legend cut at 1024x700 or 1600x1000, the
// policy dock as a what-if, the first start that teaches, status messages
// in full, and every monitor action from the keyboard.
#include "core/config/demoendpoints.h"
#include "tests/ui/livewindow.h"
#include "ui/breakerlaneschart.h"
#include "ui/chartfit.h"
#include "ui/chartspanel.h"
#include "ui/columnchooser.h"
#include "ui/cyclewaterfall.h"
#include "ui/dashboardsettings.h"
#include "ui/docsbrowser.h"
#include "ui/endpointdialog.h"
#include "ui/endpointtablemodel.h"
#include "ui/guardtext.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"
#include "ui/policypreviewwidget.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimeZone>
#include <QToolButton>
#include <QToolTip>

using namespace std::chrono_literals;

namespace {

QString stateOf(EndpointTableModel *table, const QString &name)
{
    return cell(table, name, EndpointTableModel::State).data().toString();
}

} // namespace

class TestWindowInUse final : public QObject
{
    Q_OBJECT

private slots:
    // No header section is narrower than its title, at a small window and a
    // large one; the URL and the endpoint's name are whole on hover.
    void headersAreWholeAtEverySize_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1024x700") << QSize(1024, 700);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }

    void headersAreWholeAtEverySize()
    {
        QFETCH(QSize, size);
        LiveWindow live;
        Endpoint e = live.endpoint(QStringLiteral("an-endpoint-with-a-long-name"), QStringLiteral("/ok"));
        e.url.setPath(QStringLiteral("/ok/and/a/rather/long/path/that/cannot/fit/in/a/narrow/column"));
        QVERIFY(live.start({e}));
        live.window->resize(size);
        QTRY_COMPARE(live.window->endpointModel()->rowCount(), 1);
        QTest::qWait(50);
        for (const char *name : {"endpointTable", "attemptLog", "transitionLog"}) {
            auto *view = live.window->findChild<QTableView *>(QString::fromLatin1(name));
            QHeaderView *header = view->horizontalHeader();
            for (int column = 0; column < header->count(); ++column) {
                if (header->isSectionHidden(column))
                    continue; // left out to fit: see endpointColumnsFitTheWindow
                const QString title = view->model()->headerData(column, Qt::Horizontal).toString();
                const int needed = header->fontMetrics().horizontalAdvance(title) + 8;
                QVERIFY2(header->sectionSize(column) >= needed,
                         qPrintable(QStringLiteral("%1: \"%2\" is %3 px, needs %4")
                                        .arg(QLatin1String(name), title)
                                        .arg(header->sectionSize(column))
                                        .arg(needed)));
            }
        }
        const QAbstractItemModel *table
            = live.window->findChild<QTableView *>(QStringLiteral("endpointTable"))->model();
        QCOMPARE(table->index(0, EndpointTableModel::Url).data(Qt::ToolTipRole).toString(), e.url.toString());
        QCOMPARE(table->index(0, EndpointTableModel::Name).data(Qt::ToolTipRole).toString(), e.name);
        live.monitor.stop();
    }

    // The endpoints table fits its width instead of scrolling sideways: the
    // columns that say why come first, more show in a larger window, and a
    // column the user picks from the header's menu stays picked, across
    // windows, until "Fit to the window" is chosen again.
    void endpointColumnsFitTheWindow()
    {
        DashboardSettings().remove(QStringLiteral("endpointTable/hiddenColumns"));
        LiveWindow live;
        QVERIFY(live.start({live.endpoint(QStringLiteral("alpha"), QStringLiteral("/ok"))}));
        auto *view = live.window->findChild<QTableView *>(QStringLiteral("endpointTable"));
        QHeaderView *header = view->horizontalHeader();
        const auto shown = [header] {
            QList<int> columns;
            for (int column = 0; column < header->count(); ++column) {
                if (!header->isSectionHidden(column))
                    columns.append(column);
            }
            return columns;
        };
        live.window->resize(1024, 700);
        QTest::qWait(500); // the docks settle (on a fresh home the charts dock may stay wider than a third)
        QTRY_COMPARE(view->horizontalScrollBar()->maximum(), 0);
        const QList<int> small = shown();
        for (const int column : {EndpointTableModel::State, EndpointTableModel::Name})
            QVERIFY2(small.contains(column), qPrintable(QString::number(column)));
        QVERIFY(small.size() < EndpointTableModel::ColumnCount);
        QVERIFY(header->sectionSize(EndpointTableModel::Name) > 0);
        live.window->resize(1600, 1000);
        QTRY_VERIFY(shown().size() > small.size());
        QTRY_COMPARE(view->horizontalScrollBar()->maximum(), 0);
        QVERIFY(shown().contains(EndpointTableModel::SuccessRate));

        // Chosen from the menu: it holds, also in the next window.
        QMenu *menu = live.window->endpointColumns()->menu();
        const auto action = [menu](const QString &text) {
            for (QAction *a : menu->actions()) {
                if (a->text() == text)
                    return a;
            }
            return static_cast<QAction *>(nullptr);
        };
        emit menu->aboutToShow();
        QVERIFY(action(QStringLiteral("Success"))->isChecked());
        QVERIFY(!action(QStringLiteral("Breaker"))->isEnabled() || !action(QStringLiteral("Endpoint"))->isEnabled());
        action(QStringLiteral("Success"))->trigger();
        QVERIFY(header->isSectionHidden(EndpointTableModel::SuccessRate));
        QVERIFY(!live.window->endpointColumns()->fitsToWidth());
        live.window->resize(1900, 1000);
        QTest::qWait(50);
        QVERIFY(header->isSectionHidden(EndpointTableModel::SuccessRate));
        live.window = std::make_unique<MainWindow>(live.monitor, live.clock);
        live.window->show();
        live.window->resize(1900, 1000);
        QVERIFY(QTest::qWaitForWindowExposed(live.window.get()));
        view = live.window->findChild<QTableView *>(QStringLiteral("endpointTable"));
        QVERIFY(view->horizontalHeader()->isSectionHidden(EndpointTableModel::SuccessRate));
        QVERIFY(!live.window->endpointColumns()->fitsToWidth());
        live.window->endpointColumns()->setFitsToWidth(true);
        QVERIFY(!view->horizontalHeader()->isSectionHidden(EndpointTableModel::SuccessRate));
        QVERIFY(!DashboardSettings().contains(QStringLiteral("endpointTable/hiddenColumns")));
        live.monitor.stop();
    }

    // The policy dock is a what-if until Apply, which goes through the
    // editor: the endpoint runs the new policy, and Undo takes it back.
    void policyDockIsAWhatIfUntilApplied()
    {
        LiveWindow live;
        QVERIFY(live.start({live.endpoint(QStringLiteral("api"), QStringLiteral("/ok"))}));
        MainWindow &window = *live.window;
        QTRY_COMPARE(window.endpointModel()->rowCount(), 1);
        auto *dock = window.findChild<PolicyPreviewWidget *>(QStringLiteral("policyPreview"));
        auto *apply = dock->findChild<QPushButton *>(QStringLiteral("applyPolicy"));
        auto *revert = dock->findChild<QPushButton *>(QStringLiteral("revertPolicy"));
        auto *note = dock->findChild<QLabel *>(QStringLiteral("whatIf"));
        QVERIFY(apply && revert && note);
        QVERIFY(note->text().startsWith(QLatin1String("A preview")));
        window.findChild<QTableView *>(QStringLiteral("endpointTable"))->selectRow(0);
        QVERIFY(!apply->isEnabled());
        const int before = live.monitor.endpoints().first().retry.maxAttempts;
        dock->findChild<QSpinBox *>(QStringLiteral("retry.maxAttempts"))->setValue(before + 2);
        QVERIFY(note->text().contains(QLatin1String("What-if")));
        QVERIFY(apply->isEnabled());
        QCOMPARE(live.monitor.endpoints().first().retry.maxAttempts, before); // nothing applied yet
        revert->click();
        QCOMPARE(dock->policy().maxAttempts, before);
        QVERIFY(!apply->isEnabled());

        dock->findChild<QSpinBox *>(QStringLiteral("retry.maxAttempts"))->setValue(before + 2);
        apply->click();
        QCOMPARE(live.monitor.endpoints().first().retry.maxAttempts, before + 2);
        QVERIFY(!apply->isEnabled()); // the dock now shows what runs
        window.findChild<QAction *>(QStringLiteral("undo"))->trigger();
        QCOMPARE(live.monitor.endpoints().first().retry.maxAttempts, before);
        QTRY_COMPARE(dock->policy().maxAttempts, before); // and follows the undo
        live.monitor.stop();
    }

    // The demo introduces itself: a banner until dismissed (for good), a
    // note per demo endpoint on its name, and Help ▸ Getting started.
    void firstStartTeaches()
    {
        DashboardSettings().remove(QStringLiteral("intro/dismissed"));
        const QHash<QString, QString> notes = demoEndpointNotes();
        QStringList demoNames;
        for (const QJsonValue e : demoEndpointsJson(QUrl(QStringLiteral("http://127.0.0.1:1/")), 9)
                                      .value(QStringLiteral("endpoints"))
                                      .toArray())
            demoNames.append(e.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(demoNames.size(), 11);
        for (const QString &name : std::as_const(demoNames))
            QVERIFY2(notes.value(name).size() > 40, qPrintable(name)); // every demo endpoint explained
        QCOMPARE(notes.size(), demoNames.size());

        LiveWindow live;
        QVERIFY(live.start({live.endpoint(QStringLiteral("flaky"), QStringLiteral("/ok"))}));
        MainWindow &window = *live.window;
        auto *banner = window.findChild<QWidget *>(QStringLiteral("introBanner"));
        QVERIFY(banner && !banner->isVisible()); // only for the demo
        window.introduceDemo(notes);
        QVERIFY(banner->isVisible());
        QTRY_COMPARE(window.endpointModel()->rowCount(), 1);
        const QString tip = window.endpointModel()->index(0, EndpointTableModel::Name).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QLatin1String("amber cap")), qPrintable(tip));

        window.findChild<QToolButton *>(QStringLiteral("dismissIntro"))->click();
        QVERIFY(!banner->isVisible());
        {
            MainWindow again(live.monitor, live.clock);
            again.show();
            again.introduceDemo(notes);
            QVERIFY(!again.findChild<QWidget *>(QStringLiteral("introBanner"))->isVisible()); // dismissed for good
        }
        DashboardSettings().remove(QStringLiteral("intro/dismissed"));

        auto *help = window.findChild<QAction *>(QStringLiteral("gettingStarted"));
        QVERIFY(help);
        QCOMPARE(help->shortcut(), QKeySequence(QKeySequence::HelpContents));
        help->trigger();
        QVERIFY(window.docsBrowser() && window.docsBrowser()->isVisible());
        const QString text = window.docsBrowser()->browser()->toPlainText();
        QVERIFY2(text.startsWith(QLatin1String("Getting started")), qPrintable(text.left(80)));
        QVERIFY(text.contains(QLatin1String("over-budget")));
        QVERIFY(!text.contains(QLatin1String("SPEC")));
        window.docsBrowser()->browser()->setSource(QUrl(QStringLiteral("dashboard.md"))); // a link, followed
        QVERIFY(window.docsBrowser()->browser()->toPlainText().startsWith(QLatin1String("The dashboard")));
        window.docsBrowser()->close();
        live.monitor.stop();
    }

    // A status message gets the whole bar; the summary returns after it.
    void statusMessagesAreNeverHidden()
    {
        LiveWindow live;
        QVERIFY(live.start({live.endpoint(QStringLiteral("api"), QStringLiteral("/ok"))}));
        auto *summary = live.window->findChild<QLabel *>(QStringLiteral("statusSummary"));
        QVERIFY(summary->isVisible());
        live.window->statusBar()->showMessage(QStringLiteral("first start: created a file · endpoints from a file"));
        QVERIFY(!summary->isVisible());
        live.window->statusBar()->clearMessage();
        QVERIFY(summary->isVisible());
        live.monitor.stop();
    }

    // Every monitor action has its own shortcut, and it fires from the
    // keyboard, also with the filter box focused; Down leaves the filter for
    // the table.
    void everyMonitorActionFromTheKeyboard()
    {
        LiveWindow live;
        QVERIFY(live.start({live.endpoint(QStringLiteral("api"), QStringLiteral("/ok"))}));
        MainWindow &window = *live.window;
        QTRY_COMPARE(window.endpointModel()->rowCount(), 1);
        QList<QKeySequence> seen;
        for (const char *name : {"pauseAll", "resumeAll", "pause", "resume", "tripBreaker", "resetBreaker",
                                 "disableBreaker", "addEndpoint", "editEndpoint", "duplicateEndpoint", "removeEndpoint",
                                 "exportAttempts", "exportTransitions", "find"}) {
            auto *action = window.findChild<QAction *>(QString::fromLatin1(name));
            QVERIFY2(action && !action->shortcut().isEmpty(), name);
            QVERIFY2(!seen.contains(action->shortcut()), name);
            seen.append(action->shortcut());
        }

        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("endpointFilter"));
        auto *table = window.findChild<QTableView *>(QStringLiteral("endpointTable"));
        window.activateWindow(); // on a real X server focus needs the active window
        QVERIFY(QTest::qWaitForWindowActive(&window));
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClick(filter, Qt::Key_Down);
        QVERIFY(table->hasFocus());
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);

        EndpointTableModel *model = window.endpointModel();
        QTest::keyClick(table, Qt::Key_T, Qt::ControlModifier);
        QTRY_COMPARE(stateOf(model, QStringLiteral("api")), QStringLiteral("forced-open"));
        QTest::keyClick(table, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(stateOf(model, QStringLiteral("api")), QStringLiteral("closed"));
        QTest::keyClick(table, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(stateOf(model, QStringLiteral("api")), QStringLiteral("disabled"));
        QTest::keyClick(table, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(stateOf(model, QStringLiteral("api")), QStringLiteral("closed"));

        // Pause from the filter box; Ctrl+E there edits, not end-of-line.
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClick(filter, Qt::Key_P, Qt::ControlModifier);
        QTRY_VERIFY(live.monitor.scheduler().isPaused(QStringLiteral("api")));
        QTest::keyClick(filter, Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY(!live.monitor.scheduler().isPaused(QStringLiteral("api")));
        QTest::keyClick(filter, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(live.monitor.scheduler().isPaused(QStringLiteral("api")));
        QTest::keyClick(filter, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!live.monitor.scheduler().isPaused(QStringLiteral("api")));
        QVERIFY(!window.findChild<EndpointDialog *>());
        QTest::keyClick(filter, Qt::Key_E, Qt::ControlModifier);
        QTRY_VERIFY(window.findChild<EndpointDialog *>());
        window.findChild<EndpointDialog *>()->reject();

        // Menus show their items' tooltips.
        for (const QAction *entry : window.menuBar()->actions())
            QVERIFY2(entry->menu() && entry->menu()->toolTipsVisible(), qPrintable(entry->text()));
        live.monitor.stop();
    }
};

QTEST_MAIN(TestWindowInUse)
#include "tst_windowinuse.moc"
