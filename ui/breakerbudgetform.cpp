// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/breakerbudgetform.h"

#include "ui/dashboardsettings.h"
#include "ui/formfields.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

using std::chrono::milliseconds;

BreakerBudgetForm::BreakerBudgetForm(QWidget *parent)
    : QWidget(parent)
{
    m_budgetEnabled = FormFields::named(new QCheckBox(tr("Limit retries with a retry budget")), "budget.enabled");
    m_maxTokens = FormFields::doubleBox("budget.maxTokens", 0.0, 1e6, 1);
    m_tokenRatio = FormFields::doubleBox("budget.tokenRatio", 0.0, 1e6, 3);
    m_budgetKey = FormFields::named(new QLineEdit, "budget.key");
    m_budgetKey->setPlaceholderText(tr("own budget"));
    auto *budget = new QGroupBox(tr("Retry budget"));
    auto *budgetForm = new QFormLayout(budget);
    budgetForm->addRow(QString(), m_budgetEnabled);
    budgetForm->addRow(tr("Max tokens"), m_maxTokens);
    budgetForm->addRow(tr("Token ratio"), m_tokenRatio);
    budgetForm->addRow(tr("Shared key"), m_budgetKey);

    m_breakerEnabled
        = FormFields::named(new QCheckBox(tr("Guard this endpoint with a circuit breaker")), "breaker.enabled");
    m_failureThreshold = FormFields::spinBox("breaker.failureThreshold", 1, 1'000'000);
    m_failureRate = FormFields::spinBox("breaker.failureRatePercent", 0, 100, QStringLiteral(" %"));
    m_failureRate->setMinimum(0); // 0 is "off": nothing below it to type
    m_failureRate->setSpecialValueText(tr("off"));
    m_windowSize = FormFields::spinBox("breaker.windowSize", 1, 1'000'000);
    m_minimumCalls = FormFields::spinBox("breaker.minimumCalls", 1, 1'000'000);
    m_openMs = FormFields::millisecondBox("breaker.openMs", 0);
    m_openMultiplier = FormFields::doubleBox("breaker.openBackoffMultiplier", 1.0, 1000.0, 2);
    m_maxOpenMs = FormFields::millisecondBox("breaker.maxOpenMs", 0);
    m_halfOpenProbes = FormFields::spinBox("breaker.halfOpenProbes", 1, 1000);
    m_breakerKey = FormFields::named(new QLineEdit, "breaker.key");
    m_breakerKey->setPlaceholderText(tr("own breaker"));
    auto *breaker = new QGroupBox(tr("Circuit breaker"));
    auto *breakerForm = new QFormLayout(breaker);
    breakerForm->addRow(QString(), m_breakerEnabled);
    breakerForm->addRow(tr("Consecutive failures to open"), m_failureThreshold);
    breakerForm->addRow(tr("Failure rate to open"), m_failureRate);
    breakerForm->addRow(tr("Window (attempts)"), m_windowSize);
    breakerForm->addRow(tr("Minimum calls"), m_minimumCalls);
    breakerForm->addRow(tr("Open for"), m_openMs);
    breakerForm->addRow(tr("Re-open multiplier"), m_openMultiplier);
    breakerForm->addRow(tr("Longest open"), m_maxOpenMs);
    breakerForm->addRow(tr("Half-open probes"), m_halfOpenProbes);
    breakerForm->addRow(tr("Shared key"), m_breakerKey);

    m_plannedOutage = FormFields::named(new QSpinBox, "plannedOutage");
    m_plannedOutage->setRange(0, 7 * 24 * 3600);
    m_plannedOutage->setSuffix(tr(" s"));
    m_plannedOutage->setSpecialValueText(tr("not stated"));
    m_plannedOutage->setValue(DashboardSettings().value(QStringLiteral("editor/plannedOutageSeconds"), 0).toInt());
    m_plannedOutage->setToolTip(
        tr("Not saved with the endpoint: the outage you want this breaker to catch. The editor then warns when "
           "an outage this long would not open the breaker, with a full retry budget or a dry one."));
    connect(m_plannedOutage, &QSpinBox::valueChanged, this,
            [](int seconds) { DashboardSettings().setValue(QStringLiteral("editor/plannedOutageSeconds"), seconds); });
    breakerForm->addRow(tr("Catch outages of"), m_plannedOutage);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(budget, 0, Qt::AlignTop);
    layout->addWidget(breaker, 0, Qt::AlignTop);
}

std::chrono::milliseconds BreakerBudgetForm::plannedOutage() const
{
    return std::chrono::seconds(m_plannedOutage->value());
}

BreakerBudgetForm::~BreakerBudgetForm() = default;

void BreakerBudgetForm::setPolicies(const BudgetPolicy &budget, const BreakerPolicy &breaker)
{
    m_budgetEnabled->setChecked(budget.enabled);
    m_maxTokens->setValue(budget.maxTokens);
    m_tokenRatio->setValue(budget.tokenRatio);
    m_budgetKey->setText(budget.key);
    m_breakerEnabled->setChecked(breaker.enabled);
    m_failureThreshold->setValue(breaker.failureThreshold);
    m_failureRate->setValue(breaker.failureRatePercent);
    m_windowSize->setValue(breaker.windowSize);
    m_minimumCalls->setValue(breaker.minimumCalls);
    m_openMs->setValue(int(breaker.openDuration.count()));
    m_openMultiplier->setValue(breaker.openBackoffMultiplier);
    m_maxOpenMs->setValue(int(breaker.maxOpenDuration.count()));
    m_halfOpenProbes->setValue(breaker.halfOpenProbes);
    m_breakerKey->setText(breaker.key);
}

void BreakerBudgetForm::read(BudgetPolicy &budget, BreakerPolicy &breaker) const
{
    budget.enabled = m_budgetEnabled->isChecked();
    budget.maxTokens = m_maxTokens->value();
    budget.tokenRatio = m_tokenRatio->value();
    budget.key = m_budgetKey->text().trimmed();
    breaker.enabled = m_breakerEnabled->isChecked();
    breaker.failureThreshold = m_failureThreshold->value();
    breaker.failureRatePercent = m_failureRate->value();
    breaker.windowSize = m_windowSize->value();
    breaker.minimumCalls = m_minimumCalls->value();
    breaker.openDuration = milliseconds(m_openMs->value());
    breaker.openBackoffMultiplier = m_openMultiplier->value();
    breaker.maxOpenDuration = milliseconds(m_maxOpenMs->value());
    breaker.halfOpenProbes = m_halfOpenProbes->value();
    breaker.key = m_breakerKey->text().trimmed();
}
