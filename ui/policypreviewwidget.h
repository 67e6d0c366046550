// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/retrypolicy.h"

#include <QWidget>

#include <optional>

class BackoffPreviewChart;
class QBoxLayout;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
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
    // The endpoint the policy belongs to: with one, the edits are a what-if
    // that Apply makes real (through the editor, so Undo takes it back) and
    // Revert drops; without one, the widget previews on its own.
    void setTarget(const QString &endpoint);
    // Edited away from the policy last given to setPolicy().
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] const RetryPolicy &basePolicy() const { return m_base; }

    // Cycles simulated for the samples; a fixed seed keeps the dots still
    // while the user edits, so only the change itself moves them.
    static constexpr int sampleCycles = 40;
    static constexpr quint64 sampleSeed = 20261128;

signals:
    void policyChanged(const RetryPolicy &policy);
    // Apply pressed: make `policy` the target endpoint's.
    void applyRequested(const QString &endpoint, const RetryPolicy &policy);

protected:
    // Beside its controls when there is room, below them in a narrow dock.
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh();

    RetryPolicy m_base;
    // m_base as the boxes hold it (two decimals). Optional, not a second
    // default-constructed policy: GCC 12 at -O2 warns (wrongly) that the
    // default retryOnStatus list is used uninitialised in the copy.
    std::optional<RetryPolicy> m_shownBase;
    QComboBox *m_strategy = nullptr;
    QComboBox *m_jitter = nullptr;
    QSpinBox *m_maxAttempts = nullptr;
    QSpinBox *m_initialDelay = nullptr;
    QDoubleSpinBox *m_multiplier = nullptr;
    QSpinBox *m_maxDelay = nullptr;
    QDoubleSpinBox *m_jitterFactor = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_whatIf = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QString m_target;
    BackoffPreviewChart *m_chart = nullptr;
    QWidget *m_controls = nullptr;
    QBoxLayout *m_layout = nullptr;
    bool m_updating = false;
};
