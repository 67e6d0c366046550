// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/monitor/endpointstats.h"
#include "core/monitor/monitor.h"

#include <QMainWindow>
#include <QTimer>

class AttemptLogModel;
class EndpointTableModel;
class PolicyPreviewWidget;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class TransitionsModel;

// The dashboard: the endpoints table in the middle; docks for the attempt
// log, the breaker transitions and the selected endpoint's policy; the
// status bar's counts. Records arrive at any rate and reach the views in
// bulk a few times a second.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    static constexpr std::chrono::milliseconds refreshInterval{250};

    MainWindow(Monitor &monitor, const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] EndpointTableModel *endpointModel() const { return m_endpointModel; }
    [[nodiscard]] AttemptLogModel *attemptModel() const { return m_attemptModel; }
    [[nodiscard]] TransitionsModel *transitionsModel() const { return m_transitionsModel; }

private:
    void buildDocks();
    void buildActions();
    void refresh();
    void showSelectedPolicy();

    Monitor &m_monitor;
    const Clock &m_clock;
    EndpointStats m_stats;
    EndpointTableModel *m_endpointModel = nullptr;
    QSortFilterProxyModel *m_endpointProxy = nullptr;
    QTableView *m_endpointView = nullptr;
    AttemptLogModel *m_attemptModel = nullptr;
    QTableView *m_attemptView = nullptr;
    TransitionsModel *m_transitionsModel = nullptr;
    PolicyPreviewWidget *m_policy = nullptr;
    QLabel *m_status = nullptr;
    QTimer m_refresh;
    QList<AttemptRecord> m_pendingAttempts;
    QList<BreakerTransition> m_pendingTransitions;
    QList<Clock::TimePoint> m_recentAttempts; // for attempts per minute
};
