// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/dashboardfeed.h"
#include "core/monitor/monitor.h"
#include "core/store/historyqueries.h"

#include <QMainWindow>

#include <functional>

class AttemptFilterBar;
class AttemptFilterProxy;
class AttemptLogModel;
class CycleWaterfall;
class HistoryChartFeed;
class ChartsPanel;
class ColumnChooser;
class EndpointEditor;
class TrayIndicator;
class QLineEdit;
class History;
class EndpointTableModel;
class PolicyPreviewWidget;
class DocsBrowser;
class IntroBanner;
class QComboBox;
class QDockWidget;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class TransitionsModel;

// The dashboard: the endpoints table in the middle; docks for the attempt
// log, the breaker transitions, the charts and the selected endpoint's
// policy; the status bar's counts. What the views show comes from a
// DashboardFeed (live) and a HistoryChartFeed (an hour, a day).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    static constexpr qsizetype maxChartPoints = 2500; // per point series, thinned evenly

    // `history` may be null (no export then).
    MainWindow(Monitor &monitor, const Clock &clock, History *history = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] EndpointTableModel *endpointModel() const { return m_endpointModel; }
    [[nodiscard]] AttemptLogModel *attemptModel() const { return m_attemptModel; }
    [[nodiscard]] TransitionsModel *transitionsModel() const { return m_transitionsModel; }
    [[nodiscard]] ChartsPanel *charts() const { return m_charts; }
    [[nodiscard]] ColumnChooser *endpointColumns() const { return m_endpointColumns; }
    [[nodiscard]] CycleWaterfall *waterfall() const { return m_waterfall; }
    [[nodiscard]] const DashboardFeed &feed() const { return m_feed; }

    [[nodiscard]] EndpointEditor *editor() const { return m_editor; }
    [[nodiscard]] TrayIndicator *tray() const { return m_tray; }

    // Where edits to the endpoints are saved (empty for the demo: not saved).
    void setEndpointsFile(const QString &path);

    // Asks where to save an export; a seam for tests (a file dialog by default).
    using SaveFileChooser = std::function<QString(const QString &title, const QString &suggestedName)>;
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooseSaveFile = std::move(chooser); }
    // Asks what to export (time range, endpoints); likewise (a dialog).
    using ExportRangeChooser = std::function<std::optional<HistoryRange>(bool transitions)>;
    void setExportRangeChooser(ExportRangeChooser chooser) { m_chooseExportRange = std::move(chooser); }
    // Asks which endpoints file to open; likewise.
    using OpenFileChooser = std::function<QString()>;
    void setOpenFileChooser(OpenFileChooser chooser) { m_chooseOpenFile = std::move(chooser); }

    // The demo's introduction: the banner above the table (unless dismissed
    // before) and a note per endpoint on hovering its name.
    void introduceDemo(const QHash<QString, QString> &endpointNotes);
    // Help ▸ Getting started.
    void showGettingStarted();
    [[nodiscard]] DocsBrowser *docsBrowser() const { return m_docs; }

    // The endpoint selected in the table, if any.
    [[nodiscard]] std::optional<Endpoint> selectedEndpoint() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildDocks(); // mainwindowdocks.cpp
    void followEndpoints(); // mainwindowdocks.cpp
    void buildActions(); // mainwindowactions.cpp
    QAction *addAction(QMenu *menu, const QString &text, const char *objectName, std::function<void()> slot,
                       bool needsSelection = false);
    void openEndpointsFile();
    void saveEndpointsFileAs();
    void showAbout();
    void updateTitle();
    void refresh();
    void refreshCharts();
    void showCycle(int attemptRow);
    void endpointsChanged();
    void selectionChanged();
    void showSelectedPolicy();
    void updateActions();
    void exportCsv(bool transitions);

    Monitor &m_monitor;
    const Clock &m_clock;
    History *m_history;
    SaveFileChooser m_chooseSaveFile;
    OpenFileChooser m_chooseOpenFile;
    ExportRangeChooser m_chooseExportRange;
    EndpointEditor *m_editor = nullptr;
    TrayIndicator *m_tray = nullptr;
    QLineEdit *m_filter = nullptr;
    IntroBanner *m_intro = nullptr;
    QLabel *m_offline = nullptr; // says why nothing is polled while the machine is offline
    DocsBrowser *m_docs = nullptr; // made when first asked for
    QMenu *m_viewMenu = nullptr;
    QList<QAction *> m_selectionActions;
    DashboardFeed m_feed;
    HistoryChartFeed *m_historyFeed = nullptr; // with a history only
    ChartsPanel *m_charts = nullptr;
    QDockWidget *m_chartsDock = nullptr;
    EndpointTableModel *m_endpointModel = nullptr;
    QSortFilterProxyModel *m_endpointProxy = nullptr;
    QTableView *m_endpointView = nullptr;
    ColumnChooser *m_endpointColumns = nullptr;
    AttemptLogModel *m_attemptModel = nullptr;
    QTableView *m_attemptView = nullptr;
    AttemptFilterProxy *m_attemptFilter = nullptr;
    AttemptFilterBar *m_attemptFilterBar = nullptr;
    CycleWaterfall *m_waterfall = nullptr;
    QStringList m_filterNames;
    TransitionsModel *m_transitionsModel = nullptr;
    QSortFilterProxyModel *m_transitionsFilter = nullptr;
    QTableView *m_transitionsView = nullptr;
    QComboBox *m_transitionsEndpoint = nullptr; // whose transitions: all, or one endpoint's breaker
    QList<std::pair<QString, QString>> m_transitionsChoices; // the chooser's texts and their breakers
    PolicyPreviewWidget *m_policy = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_storageWarning = nullptr; // shown while the history cannot be written
};
