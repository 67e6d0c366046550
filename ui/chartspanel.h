// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/monitor/attemptwindow.h"
#include "core/policy/retrypolicy.h"

#include <QTabWidget>

class BackoffPreviewChart;
class QBarCategoryAxis;
class QChartView;
class QDateTimeAxis;
class QLogValueAxis;
class QScatterSeries;
class QStackedBarSeries;
class QValueAxis;

// The dashboard's charts, fed in bulk from an AttemptWindow (one replace()
// per series per refresh): attempts over time, observed backoff delays over
// the selected policy's band, and error categories over time.
class ChartsPanel final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartsPanel)

public:
    static constexpr std::chrono::minutes span{5};

    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    // Redraws from `window` up to `nowMs`, for `endpoints` (empty: all);
    // `policy` is the selected endpoint's, for the backoff band.
    void refresh(const AttemptWindow &window, qint64 nowMs, const QStringList &endpoints,
                 const std::optional<RetryPolicy> &policy);

    [[nodiscard]] int latencyPointCount() const;
    [[nodiscard]] BackoffPreviewChart *backoffChart() const { return m_backoff; }
    [[nodiscard]] QStackedBarSeries *categorySeries() const { return m_categories; }

protected:
    void changeEvent(QEvent *event) override; // follows the light or dark palette

private:
    void applyPalette();
    QScatterSeries *latencySeries(ErrorCategory category, bool retry);
    void refreshLatencies(const AttemptWindow &window, qint64 nowMs, const QStringList &endpoints);
    void refreshCategories(const AttemptWindow &window, qint64 nowMs, const QStringList &endpoints);

    QChartView *m_latencyView = nullptr;
    QDateTimeAxis *m_latencyTime = nullptr;
    QLogValueAxis *m_latencyValue = nullptr;
    QHash<int, QScatterSeries *> m_latencySeries; // by category * 2 + retry
    BackoffPreviewChart *m_backoff = nullptr;
    std::optional<RetryPolicy> m_shownPolicy;
    QChartView *m_categoryView = nullptr;
    QStackedBarSeries *m_categories = nullptr;
    QBarCategoryAxis *m_categoryTime = nullptr;
    QValueAxis *m_categoryCount = nullptr;
};
