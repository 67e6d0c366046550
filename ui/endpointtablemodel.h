// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/endpointstats.h"
#include "core/monitor/monitor.h"
#include "ui/guardtext.h"

#include <QAbstractTableModel>

// The dashboard's main table: one row per endpoint, with its breaker state,
// last outcome and live figures over the stats window. refresh() (a few times
// a second) updates the cells; reload() takes the monitor's endpoints again
// (when it says they changed).
class EndpointTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointTableModel)

public:
    enum Column {
        State,
        Name,
        Method,
        Url,
        LastOutcome,
        Beats,
        SuccessRate,
        FirstTryRate,
        RetriesPerCycle,
        Budget, // the retry budget's tokens, or "exhausted: retries off"
        Progress, // a closed breaker's way toward opening
        LatencyP50,
        LatencyP95,
        Next,
        Quota, // the quota the server announced: left, and when it resets
        Certificate, // https: days until the server's certificate expires
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole,
        NameRole,
        BeatsRole // QVariantList of EndpointStats::Beat as int, oldest first
    };

    EndpointTableModel(Monitor &monitor, const EndpointStats &stats, const Clock &clock, QObject *parent = nullptr);

    void refresh();
    void reload();

    [[nodiscard]] QString quotaText(const EndpointStats::Snapshot &snapshot) const;
    [[nodiscard]] std::optional<qint64> certificateDays(const EndpointStats::Snapshot &snapshot) const;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    [[nodiscard]] const Endpoint &endpoint(int row) const { return m_endpoints.at(row); }
    // A note per endpoint name (the demo's "what to look for"), shown when
    // hovering the name.
    void setNotes(const QHash<QString, QString> &notes) { m_notes = notes; }

    // For the status bar: endpoints whose last cycle succeeded, and breakers
    // that are open (by hand or not), as of the last refresh().
    struct Counts
    {
        int up = 0;
        int openBreakers = 0;
        int halfOpenBreakers = 0;

        // The state that colours the tray icon: open before half-open before closed.
        [[nodiscard]] BreakerState worst() const
        {
            return openBreakers > 0    ? BreakerState::Open
                : halfOpenBreakers > 0 ? BreakerState::HalfOpen
                                       : BreakerState::Closed;
        }
    };
    [[nodiscard]] Counts counts() const;
    // Each breaker's state now, by breaker name (endpoint or shared key).
    [[nodiscard]] QHash<QString, BreakerState> breakerStates() const;

private:
    [[nodiscard]] BreakerState breakerState(const Endpoint &endpoint) const;
    [[nodiscard]] QString nextText(const Endpoint &endpoint) const;
    [[nodiscard]] double budgetTokens(const Endpoint &endpoint) const; // -1 when off
    [[nodiscard]] GuardText::Text budgetText(const Endpoint &endpoint) const;
    [[nodiscard]] GuardText::Text progressText(const Endpoint &endpoint, BreakerState state) const;

    Monitor &m_monitor;
    const EndpointStats &m_stats;
    const Clock &m_clock;
    QList<Endpoint> m_endpoints;
    QHash<QString, QString> m_notes;
    QList<EndpointStats::Snapshot> m_snapshots;
};
