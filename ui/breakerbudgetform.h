// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"
#include "core/breaker/retrybudget.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

// The endpoint editor's "Budget & breaker" page: every key of docs/endpoints-file.md's
// `budget` and §4's `breaker`, side by side.
class BreakerBudgetForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BreakerBudgetForm)

public:
    explicit BreakerBudgetForm(QWidget *parent = nullptr);
    ~BreakerBudgetForm() override;

    void setPolicies(const BudgetPolicy &budget, const BreakerPolicy &breaker);
    // The form's values over `budget` and `breaker` (keys it does not show stay).
    void read(BudgetPolicy &budget, BreakerPolicy &breaker) const;
    // The outage the user wants the breaker to catch: not an endpoint key,
    // a question the editor's warnings answer (0 when not stated). The
    // editor remembers it from one endpoint to the next.
    [[nodiscard]] std::chrono::milliseconds plannedOutage() const;

private:
    QCheckBox *m_budgetEnabled = nullptr;
    QDoubleSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_tokenRatio = nullptr;
    QLineEdit *m_budgetKey = nullptr;
    QCheckBox *m_breakerEnabled = nullptr;
    QSpinBox *m_failureThreshold = nullptr;
    QSpinBox *m_failureRate = nullptr;
    QSpinBox *m_windowSize = nullptr;
    QSpinBox *m_minimumCalls = nullptr;
    QSpinBox *m_openMs = nullptr;
    QDoubleSpinBox *m_openMultiplier = nullptr;
    QSpinBox *m_maxOpenMs = nullptr;
    QSpinBox *m_halfOpenProbes = nullptr;
    QDoubleSpinBox *m_openJitter = nullptr;
    QSpinBox *m_slowCallMs = nullptr;
    QSpinBox *m_slowCallRate = nullptr;
    QLineEdit *m_breakerKey = nullptr;
    QSpinBox *m_plannedOutage = nullptr;
};
