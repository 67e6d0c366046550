// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/retrypolicy.h"

#include <QWidget>

class BackoffPreviewChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

// Edits the backoff part of a retry policy and shows, live, what it does: the
// envelope, the range of delays and sampled delays for every retry. The
// endpoint editor will embed it; the demo window shows it on its own.
class PolicyPreviewWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyPreviewWidget)

public:
    explicit PolicyPreviewWidget(QWidget *parent = nullptr);
    ~PolicyPreviewWidget() override;

    // The policy as edited; keys this widget does not edit keep the values
    // last given to setPolicy().
    [[nodiscard]] RetryPolicy policy() const;
    void setPolicy(const RetryPolicy &policy);

    // Cycles simulated for the samples; a fixed seed keeps the dots still
    // while the user edits, so only the change itself moves them.
    static constexpr int sampleCycles = 40;
    static constexpr quint64 sampleSeed = 20261128;

signals:
    void policyChanged(const RetryPolicy &policy);

private:
    void refresh();

    RetryPolicy m_base;
    QComboBox *m_strategy = nullptr;
    QComboBox *m_jitter = nullptr;
    QSpinBox *m_maxAttempts = nullptr;
    QSpinBox *m_initialDelay = nullptr;
    QDoubleSpinBox *m_multiplier = nullptr;
    QSpinBox *m_maxDelay = nullptr;
    QDoubleSpinBox *m_jitterFactor = nullptr;
    QLabel *m_problems = nullptr;
    BackoffPreviewChart *m_chart = nullptr;
    bool m_updating = false;
};
