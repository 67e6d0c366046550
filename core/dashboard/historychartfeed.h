// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/chartdata.h"
#include "core/util/clock.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <optional>

class History;
class HistoryChartLoader;
class QThread;

// The charts over an hour or a day, read from the history in a thread of its
// own (HistoryChartLoader, so that a day of rows never stalls the window) and
// read again while that span is on show: every 5 s for an hour, every 30 s
// for a day. Only the answer to the latest request is kept; a span of the
// live window's length or less reads nothing.
class HistoryChartFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChartFeed)

public:
    HistoryChartFeed(History &history, const Clock &clock, qsizetype maxPoints, QObject *parent = nullptr);
    ~HistoryChartFeed() override;

    // The span on show; a longer one than the live window's is read now and
    // then again and again.
    void setSpan(std::chrono::minutes span);
    [[nodiscard]] std::chrono::minutes span() const { return m_span; }
    // Whose attempts and transitions (empty: everyone's); read again now.
    void setSubject(const QStringList &endpoints, const QStringList &breakers);

    // The latest answer for the current span and subject, once there is one.
    [[nodiscard]] const std::optional<ChartData> &latest() const { return m_latest; }

    // Reads again now (after a flush of the history's batch).
    void request();

signals:
    void loaded();
    void failed(const QString &error);

private:
    [[nodiscard]] bool reading() const;

    History &m_history;
    const Clock &m_clock;
    const qsizetype m_maxPoints;
    QThread *m_thread = nullptr;
    HistoryChartLoader *m_loader = nullptr;
    std::chrono::minutes m_span{5};
    QStringList m_endpoints;
    QStringList m_breakers;
    std::optional<ChartData> m_latest;
    quint64 m_ticket = 0;
    QTimer m_again;
};
