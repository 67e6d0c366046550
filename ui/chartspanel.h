// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/chartdata.h"
#include "core/policy/retrypolicy.h"

#include <QWidget>

class BackoffPreviewChart;
class BreakerLanesChart;
class QComboBox;
class QLabel;
class QTabWidget;
class QBarCategoryAxis;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QStackedBarSeries;
class QValueAxis;

// The dashboard's charts, fed in bulk (one replace() per series per
// refresh) for a chosen window: attempts over time, observed backoff delays
// over the selected policy's band, breaker lanes, and error categories over
// time.
class ChartsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartsPanel)

public:
    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    // Redraws the chart on show (the others when their tab is chosen);
    // `policy` is the selected endpoint's, for the backoff band.
    void refresh(const ChartData &data, const QList<BreakerLane> &lanes, const std::optional<RetryPolicy> &policy);

    // The window the user chose: 5 minutes (live), an hour or a day (history).
    [[nodiscard]] std::chrono::minutes span() const;
    void setSpan(std::chrono::minutes span);
    void setLongSpansAvailable(bool available); // only with a history
    // What the charts show, said above them: one endpoint, or all when empty.
    void setSubject(const QString &endpoint);
    [[nodiscard]] QString subject() const { return m_subjectName; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }

    // The ChartData parts the chart on show draws (0 when none is shown).
    [[nodiscard]] int neededParts() const;
    [[nodiscard]] int refreshCount() const { return m_refreshes; }
    [[nodiscard]] qint64 shownSpanMs() const { return m_shownSpanMs; } // of the last refresh
    [[nodiscard]] BreakerLanesChart *breakerChart() const { return m_breakers; }

    [[nodiscard]] int latencyPointCount() const;
    [[nodiscard]] BackoffPreviewChart *backoffChart() const { return m_backoff; }
    [[nodiscard]] QStackedBarSeries *categorySeries() const { return m_categories; }

protected:
    void changeEvent(QEvent *event) override; // follows the light or dark palette

signals:
    void spanChanged(std::chrono::minutes span);
    void shownChartChanged(); // another tab: its data is wanted now

private:
    void applyPalette();
    QScatterSeries *latencySeries(ErrorCategory category, bool retry);
    QScatterSeries *slowSeries();
    void drawCurrentTab();
    void refreshBackoff(const ChartData &data);
    void refreshLatencies(const ChartData &data);
    void refreshCategories(const ChartData &data);

    QTabWidget *m_tabs;
    QLabel *m_subject;
    QString m_subjectName;
    QChartView *m_latencyView = nullptr;
    QDateTimeAxis *m_latencyTime = nullptr;
    QLogValueAxis *m_latencyValue = nullptr;
    QHash<int, QScatterSeries *> m_latencySeries; // by category * 2 + retry
    QScatterSeries *m_slowSeries = nullptr; // created at the first slow call
    BackoffPreviewChart *m_backoff = nullptr;
    std::optional<RetryPolicy> m_shownPolicy;
    ChartData m_data;
    QList<BreakerLane> m_lanes;
    std::optional<RetryPolicy> m_policy;
    BreakerLanesChart *m_breakers = nullptr;
    QChartView *m_categoryView = nullptr;
    QComboBox *m_span = nullptr;
    int m_refreshes = 0;
    qint64 m_shownSpanMs = 0;
    QStackedBarSeries *m_categories = nullptr;
    QBarCategoryAxis *m_categoryTime = nullptr;
    QValueAxis *m_categoryCount = nullptr;
    QDateTimeAxis *m_categoryClock = nullptr;
    QLineSeries *m_categoryAnchor = nullptr;
};
