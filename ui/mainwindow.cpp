// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "core/dashboard/historychartfeed.h"
#include "core/store/history.h"
#include "core/store/historyqueries.h"
#include "ui/attemptfilter.h"
#include "ui/beatstripdelegate.h"
#include "ui/chartspanel.h"
#include "ui/columnchooser.h"
#include "ui/cyclewaterfall.h"
#include "ui/dashboardsettings.h"
#include "ui/docsbrowser.h"
#include "ui/endpointeditor.h"
#include "ui/endpointtablemodel.h"
#include "ui/exportdialog.h"
#include "ui/introbanner.h"
#include "ui/logmodels.h"
#include "ui/policypreviewwidget.h"
#include "ui/tableviews.h"
#include "ui/trayindicator.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

MainWindow::MainWindow(Monitor &monitor, const Clock &clock, History *history, QWidget *parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
    , m_clock(clock)
    , m_history(history)
    , m_feed(monitor, clock)
    , m_endpointModel(new EndpointTableModel(monitor, m_feed.stats(), clock, this))
    , m_endpointProxy(new QSortFilterProxyModel(this))
    , m_attemptModel(new AttemptLogModel(this))
    , m_transitionsModel(new TransitionsModel(this))
    , m_status(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Retryscope"));

    m_endpointProxy->setSourceModel(m_endpointModel);
    m_endpointProxy->setSortRole(EndpointTableModel::SortRole);
    m_endpointProxy->setFilterKeyColumn(-1);
    m_endpointProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_endpointView = makeTableView(m_endpointProxy, QStringLiteral("endpointTable"));
    m_endpointView->setSortingEnabled(true);
    m_endpointView->sortByColumn(EndpointTableModel::Name, Qt::AscendingOrder);
    m_endpointView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_endpointView->setItemDelegateForColumn(EndpointTableModel::Beats, new BeatStripDelegate(m_endpointView));
    // A URL keeps its host and its path: the middle goes when it must.
    m_endpointView->setItemDelegateForColumn(EndpointTableModel::Url, new MiddleElidingDelegate(m_endpointView));
    QHeaderView *header = m_endpointView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true); // room to spare goes to the last column, never a cut URL
    header->setMinimumSectionSize(fontMetrics().horizontalAdvance(u'M') * 3);
    header->setHighlightSections(false);
    // Each column as wide as what it usually holds; a longer URL is cut in
    // the middle and whole on hover.
    sizeColumns(m_endpointView,
                {{EndpointTableModel::State, "forced-open", style()->pixelMetric(QStyle::PM_SmallIconSize) + 6},
                 {EndpointTableModel::Name, "rate-limited-01"},
                 {EndpointTableModel::Method, "OPTIONS"},
                 {EndpointTableModel::Url, "http://127.0.0.1:47600/status/5"},
                 {EndpointTableModel::LastOutcome, "rejected · circuit_open"},
                 {EndpointTableModel::Beats, "xxxxxxxxxxxxxxxxxxxxxx"},
                 {EndpointTableModel::SuccessRate, "100.0%"},
                 {EndpointTableModel::FirstTryRate, "100.0%"},
                 {EndpointTableModel::RetriesPerCycle, "0.00"},
                 {EndpointTableModel::Budget, "exhausted"},
                 {EndpointTableModel::Progress, "12 of 20 failures"},
                 {EndpointTableModel::LatencyP50, "1234 ms"},
                 {EndpointTableModel::LatencyP95, "1234 ms"},
                 {EndpointTableModel::Next, "probe in 300.0 s"},
                 {EndpointTableModel::Quota, "0 left · resets in 30.0 s"},
                 {EndpointTableModel::Certificate, "expires in 365 d"}});
    // A small window shows fewer columns, each whole, the why before the how
    // much; the header's context menu chooses others.
    using C = EndpointTableModel::Column;
    m_endpointColumns = new ColumnChooser(
        m_endpointView,
        {C::Name, C::State, C::LastOutcome, C::Budget, C::Progress, C::Beats, C::SuccessRate, C::Url, C::Next, C::Quota,
         C::Certificate, C::RetriesPerCycle, C::FirstTryRate, C::LatencyP50, C::LatencyP95, C::Method},
        QStringLiteral("endpointTable"));

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("endpointFilter"));
    m_filter->setPlaceholderText(tr("Filter endpoints (name, URL, state, last outcome)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_endpointProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_filter->installEventFilter(this); // hands the window's shortcuts and Down on (eventFilter)

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    m_intro = new IntroBanner;
    connect(m_intro, &IntroBanner::gettingStartedWanted, this, &MainWindow::showGettingStarted);
    layout->addWidget(m_intro);
    m_offline = new QLabel;
    m_offline->setObjectName(QStringLiteral("offlineBanner"));
    m_offline->setWordWrap(true);
    m_offline->setTextFormat(Qt::PlainText);
    m_offline->setStyleSheet(QStringLiteral("background: #fff3e0; color: #8a4b00; border: 1px solid #f0b060; "
                                            "border-radius: 4px; padding: 6px;"));
    const auto showConnectivity = [this](bool online, const QString &reason) {
        m_offline->setText(tr("Offline: %1. No endpoint is polled and no breaker moves until the check passes "
                              "again; then polling resumes, the endpoints spread over up to 2 s.")
                               .arg(reason));
        m_offline->setVisible(!online);
    };
    showConnectivity(monitor.connectivity().isOnline(), monitor.connectivity().reason());
    connect(&monitor, &Monitor::connectivityChanged, this, showConnectivity);
    layout->addWidget(m_offline);
    layout->addWidget(m_filter);
    layout->addWidget(m_endpointView);
    setCentralWidget(central);

    m_editor = new EndpointEditor(monitor, this, this);
    m_editor->setObservations(&m_feed.stats(), &m_clock);
    m_editor->setHistory(m_history);
    connect(m_editor, &EndpointEditor::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_editor, &EndpointEditor::failed, this, [this](const QString &error) {
        statusBar()->showMessage(error, 15000);
        QMessageBox::warning(this, tr("Endpoints not changed"), error);
    });
    connect(m_editor, &EndpointEditor::pathChanged, this, &MainWindow::updateTitle);
    buildDocks();
    buildActions();
    m_status->setObjectName(QStringLiteral("statusSummary"));
    statusBar()->addPermanentWidget(m_status);
    // A message gets the whole bar while it shows: the summary would cut it.
    connect(statusBar(), &QStatusBar::messageChanged, m_status,
            [this](const QString &message) { m_status->setVisible(message.isEmpty()); });

    connect(&m_monitor, &Monitor::transitioned, m_tray, &TrayIndicator::notify);
    connect(&m_monitor, &Monitor::endpointsChanged, this, &MainWindow::endpointsChanged);
    followEndpoints();
    connect(m_endpointView, &QTableView::doubleClicked, this, [this] {
        if (const auto e = selectedEndpoint())
            m_editor->edit(e->name);
    });
    connect(m_endpointView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::selectionChanged);
    m_chooseSaveFile = [this](const QString &title, const QString &suggested) {
        return QFileDialog::getSaveFileName(this, title, QDir::home().filePath(suggested),
                                            suggested.endsWith(QLatin1String(".json")) ? tr("Endpoints files (*.json)")
                                                                                       : tr("CSV files (*.csv)"));
    };
    m_chooseExportRange = [this](bool transitions) -> std::optional<HistoryRange> {
        QStringList names;
        for (const Endpoint &endpoint : m_monitor.endpoints())
            names.append(endpoint.name);
        ExportDialog dialog(transitions ? tr("Export breaker transitions") : tr("Export attempts"), names,
                            m_clock.utcNow(), this);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.range();
    };
    m_chooseOpenFile = [this] {
        return QFileDialog::getOpenFileName(this, tr("Open endpoints file"), QDir::homePath(),
                                            tr("Endpoints files (*.json)"));
    };
    if (m_history) {
        m_historyFeed = new HistoryChartFeed(*m_history, m_clock, maxChartPoints, this);
        connect(m_historyFeed, &HistoryChartFeed::failed, this,
                [this](const QString &error) { statusBar()->showMessage(error, 10000); });

        // A full disk: stays on show until writing works again.
        m_storageWarning = new QLabel(this);
        m_storageWarning->setObjectName(QStringLiteral("storageWarning"));
        m_storageWarning->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
        m_storageWarning->hide();
        statusBar()->addPermanentWidget(m_storageWarning);
        connect(m_history, &History::writeFailed, this, [this](const QString &error) {
            m_storageWarning->setText(tr("History not being saved"));
            m_storageWarning->setToolTip(error
                                         + tr("\nPolling continues; records are kept in memory until it can write."));
            m_storageWarning->show();
            statusBar()->showMessage(error, 15000);
        });
        connect(m_history, &History::writeRecovered, this, [this](qint64 dropped) {
            m_storageWarning->hide();
            statusBar()->showMessage(dropped == 0
                                         ? tr("History: saving again, nothing lost")
                                         : tr("History: saving again; %1 attempts were dropped meanwhile").arg(dropped),
                                     15000);
        });
    }
    m_charts->setLongSpansAvailable(m_history);
    connect(m_charts, &ChartsPanel::shownChartChanged, this, &MainWindow::refreshCharts);
    connect(m_charts, &ChartsPanel::spanChanged, this, [this](std::chrono::minutes span) {
        if (m_historyFeed)
            m_historyFeed->setSpan(span);
    });
    updateActions();
    updateTitle();
    connect(&m_feed, &DashboardFeed::tick, this, &MainWindow::refresh);
    resize(1400, 880);
    resizeDocks({m_chartsDock}, {width() / 3}, Qt::Horizontal);
    // Where the user left the window and its docks.
    const DashboardSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A smaller window takes its room from the charts first, down to a third
    // of it: the endpoints table is what the window is for.
    if (m_chartsDock && !m_chartsDock->isFloating() && m_chartsDock->isVisible()
        && m_chartsDock->width() > width() * 2 / 5)
        resizeDocks({m_chartsDock}, {width() / 3}, Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    DashboardSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("notifications/breakerTransitions"), m_tray->notificationsEnabled());
    QMainWindow::closeEvent(event);
}

void MainWindow::introduceDemo(const QHash<QString, QString> &endpointNotes)
{
    m_endpointModel->setNotes(endpointNotes);
    m_intro->offer();
}

void MainWindow::showGettingStarted()
{
    if (!m_docs)
        m_docs = new DocsBrowser(this);
    m_docs->showPage(QStringLiteral("getting-started.md"));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_filter)
        return QMainWindow::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        // A line edit claims Ctrl+E (end of line) and the like; in the filter
        // box the window's own shortcuts come first, except text editing.
        const auto *key = static_cast<QKeyEvent *>(event);
        const QKeySequence pressed(key->keyCombination());
        if (key->modifiers() & Qt::ControlModifier) {
            for (const QAction *action : findChildren<QAction *>()) {
                if (action->isEnabled() && action->shortcut() == pressed && action->shortcut() != QKeySequence::Undo
                    && action->shortcut() != QKeySequence::Redo) {
                    event->ignore();
                    return true;
                }
            }
        }
    } else if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) && key->modifiers() == Qt::NoModifier
            && m_endpointProxy->rowCount() > 0) {
            m_endpointView->setFocus(Qt::TabFocusReason);
            if (!m_endpointView->selectionModel()->hasSelection())
                m_endpointView->selectRow(0);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

MainWindow::~MainWindow() = default;

// The monitor's endpoints changed (edited here, reloaded from the file):
// the table takes them again and keeps the selected endpoint selected.
void MainWindow::endpointsChanged()
{
    const auto selected = selectedEndpoint();
    m_endpointModel->reload(); // clears the selection without a signal
    bool reselected = false;
    for (int row = 0; selected && row < m_endpointModel->rowCount(); ++row) {
        if (m_endpointModel->endpoint(row).name == selected->name) {
            const QModelIndex at = m_endpointProxy->mapFromSource(m_endpointModel->index(row, 0));
            if (at.isValid()) {
                m_endpointView->selectRow(at.row()); // says so: the views take its new settings
                reselected = true;
            }
        }
    }
    if (selected && !reselected)
        selectionChanged(); // it went away: the views show everyone again
    followEndpoints();
}

void MainWindow::selectionChanged()
{
    const auto selected = selectedEndpoint();
    m_charts->setSubject(selected ? selected->name : QString());
    showSelectedPolicy();
    updateActions();
    if (m_historyFeed) {
        m_historyFeed->setSubject(selected ? QStringList{selected->name} : QStringList{},
                                  selected ? QStringList{selected->breakerName()} : QStringList{});
    }
}

void MainWindow::showCycle(int sourceRow)
{
    // A cycle's attempts are near each other in the log; look a little way
    // both sides of the one chosen.
    const AttemptRecord &chosen = m_attemptModel->at(sourceRow);
    QList<AttemptRecord> cycle;
    const int from = std::max(0, sourceRow - 500);
    const int to = std::min(m_attemptModel->rowCount(), sourceRow + 500);
    for (int row = from; row < to; ++row) {
        const AttemptRecord &r = m_attemptModel->at(row);
        if (r.cycle == chosen.cycle && r.endpoint == chosen.endpoint)
            cycle.append(r);
    }
    m_waterfall->setCycle(cycle);
}

void MainWindow::refreshCharts()
{
    // Each series replaced in one go, a few times a second.
    const auto selected = selectedEndpoint();
    const QStringList endpoints = selected ? QStringList{selected->name} : QStringList{};
    const std::optional<RetryPolicy> policy = selected ? std::optional(selected->retry) : std::nullopt;
    QHash<QString, BreakerState> states = m_endpointModel->breakerStates();
    if (selected)
        states = {{selected->breakerName(), states.value(selected->breakerName())}};
    const auto shown = [&states](const BreakerTransition &t) { return states.contains(t.breaker); };

    const qint64 now = m_clock.utcNow().toMSecsSinceEpoch();
    // A lane begins with its breaker's first attempt; one with none yet
    // (new, or paused all along) has no state to draw.
    const auto firstSeen = [&states](QHash<QString, qint64> seen, qint64 none) {
        for (auto it = states.constBegin(); it != states.constEnd(); ++it) {
            if (!seen.contains(it.key()))
                seen.insert(it.key(), none);
        }
        return seen;
    };
    if (m_charts->span() > DashboardFeed::liveSpan && m_historyFeed && m_historyFeed->latest()) {
        ChartData data = *m_historyFeed->latest();
        QList<BreakerTransition> transitions;
        std::copy_if(data.transitions.begin(), data.transitions.end(), std::back_inserter(transitions), shown);
        m_charts->refresh(
            data, buildLanes(transitions, states, data.fromMs, data.toMs, firstSeen(data.firstAttemptMs, data.toMs)),
            policy);
        return;
    }
    if (!m_charts->isVisible())
        return; // hidden or tabbed away: nothing to compute
    const ChartData data = m_feed.liveCharts(
        endpoints, [&states](const QString &breaker) { return states.contains(breaker); }, maxChartPoints,
        m_charts->neededParts());
    // Lanes start when this window did at the earliest: what came before is
    // not known here.
    m_charts->refresh(data,
                      buildLanes(data.transitions, states, std::max(data.fromMs, m_feed.startedMs()), now,
                                 firstSeen(m_feed.firstSeen(), now)),
                      policy);
}

std::optional<Endpoint> MainWindow::selectedEndpoint() const
{
    const QModelIndexList rows = m_endpointView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_endpointModel->endpoint(m_endpointProxy->mapToSource(rows.first()).row());
}

void MainWindow::updateActions()
{
    const bool selected = selectedEndpoint().has_value();
    for (QAction *action : std::as_const(m_selectionActions))
        action->setEnabled(selected);
}

void MainWindow::exportCsv(bool transitions)
{
    if (!m_history)
        return;
    std::optional<HistoryRange> chosen = m_chooseExportRange(transitions);
    if (!chosen)
        return;
    HistoryRange range = *chosen;
    if (transitions && !range.endpoints.isEmpty()) {
        // Transitions are kept under the breaker's name (an endpoint or a shared key).
        QStringList breakers;
        for (const Endpoint &endpoint : m_monitor.endpoints()) {
            if (range.endpoints.contains(endpoint.name) && !breakers.contains(endpoint.breakerName()))
                breakers.append(endpoint.breakerName());
        }
        range.endpoints = breakers;
    }
    const QString path = m_chooseSaveFile(transitions ? tr("Export breaker transitions") : tr("Export attempts"),
                                          transitions ? QStringLiteral("retryscope-transitions.csv")
                                                      : QStringLiteral("retryscope-attempts.csv"));
    if (path.isEmpty())
        return;
    m_history->flush(); // include what is still in the batch
    QProgressDialog progress(tr("Exporting…"), tr("Cancel"), 0, 1000, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    const auto report = [&progress](qint64 done, qint64 total) {
        progress.setValue(total > 0 ? int(1000 * done / total) : 0);
        return !progress.wasCanceled();
    };
    const QString error = transitions ? HistoryQueries::exportTransitions(m_history->database(), range, path, report)
                                      : HistoryQueries::exportAttempts(m_history->database(), range, path, report);
    progress.reset();
    statusBar()->showMessage(error.isEmpty() ? tr("Exported to %1").arg(path) : error, 10000);
}

void MainWindow::showSelectedPolicy()
{
    const auto endpoint = selectedEndpoint();
    m_policy->setTarget(endpoint ? endpoint->name : QString());
    if (endpoint)
        m_policy->setPolicy(endpoint->retry);
}

void MainWindow::refresh()
{
    // Both logs follow new rows while the user is at the bottom (End or
    // Ctrl+End gets there), and stay put while they read further up.
    const auto atBottom = [](QTableView *view) {
        const QScrollBar *scroll = view->verticalScrollBar();
        return scroll->value() >= scroll->maximum() - 2;
    };
    const bool followAttempts = atBottom(m_attemptView);
    const bool followTransitions = atBottom(m_transitionsView);
    m_attemptModel->append(m_feed.takeAttempts());
    m_transitionsModel->append(m_feed.takeTransitions());
    if (followAttempts)
        m_attemptView->scrollToBottom();
    if (followTransitions)
        m_transitionsView->scrollToBottom();
    m_endpointModel->refresh();
    // The running policy changed (applied, undone, edited): the dock follows
    // unless the user is trying something.
    if (const auto selected = selectedEndpoint();
        selected && !m_policy->isModified() && !(selected->retry == m_policy->basePolicy()))
        m_policy->setPolicy(selected->retry); // read after m_endpointModel->refresh() above
    refreshCharts();
    const EndpointTableModel::Counts counts = m_endpointModel->counts();
    m_status->setText(tr("%1 of %2 endpoints up · %3 open breakers · %4 attempts/min")
                          .arg(counts.up)
                          .arg(m_endpointModel->rowCount())
                          .arg(counts.openBreakers)
                          .arg(m_feed.attemptsLastMinute()));
    m_tray->setState(counts.worst(), m_status->text());
}
