// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/policypreview.h"

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

// Draws what a retry policy does before each retry: the band every delay falls
// in (shaded), the envelope before jitter (dashed), and delays drawn from
// simulated cycles (dots), so a user sees that jitter spreads delays and that
// the cap does not collapse them.
class BackoffPreviewChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackoffPreviewChart)

public:
    explicit BackoffPreviewChart(QWidget *parent = nullptr);
    ~BackoffPreviewChart() override;

    // Replaces everything shown, in bulk (one replace() per series).
    // `cap` is the policy's maxDelay, drawn as a line.
    void showPreview(const QList<RetryPreview> &preview, std::chrono::milliseconds cap);
    // Delays that really were scheduled, over the preview: backoff draws and
    // Retry-After-driven waits as separate series. x = retry number.
    void showObserved(const QList<QPointF> &backoff, const QList<QPointF> &retryAfter,
                      const QList<QPointF> &pacing = {});
    [[nodiscard]] QScatterSeries *observed() const { return m_observed; }
    [[nodiscard]] QScatterSeries *observedRetryAfter() const { return m_observedRetryAfter; }
    [[nodiscard]] QScatterSeries *observedPacing() const { return m_observedPacing; }

    [[nodiscard]] QLineSeries *bandLower() const { return m_lower; }
    [[nodiscard]] QLineSeries *bandUpper() const { return m_upper; }
    [[nodiscard]] QLineSeries *envelope() const { return m_envelope; }
    [[nodiscard]] QScatterSeries *samples() const { return m_samples; }
    [[nodiscard]] QLineSeries *capLine() const { return m_cap; }
    [[nodiscard]] QValueAxis *delayAxis() const { return m_axisY; }
    [[nodiscard]] QValueAxis *retryAxis() const { return m_axisX; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLineSeries *m_lower = nullptr;
    QLineSeries *m_upper = nullptr;
    QAreaSeries *m_band = nullptr;
    QLineSeries *m_envelope = nullptr;
    QScatterSeries *m_samples = nullptr;
    QLineSeries *m_cap = nullptr;
    QScatterSeries *m_observed = nullptr;
    QScatterSeries *m_observedRetryAfter = nullptr;
    QScatterSeries *m_observedPacing = nullptr;
    QValueAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
};
