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
    using FormFields::checkBox;
    using FormFields::doubleBox;
    using FormFields::label;
    using FormFields::spinBox;
    m_budgetEnabled = checkBox("budget.enabled");
    m_maxTokens = doubleBox("budget.maxTokens", 1);
    m_tokenRatio = doubleBox("budget.tokenRatio", 3);
    m_budgetKey = FormFields::named(new QLineEdit, "budget.key");
    m_budgetKey->setPlaceholderText(tr("own budget"));
    auto *budget = new QGroupBox(tr("Retry budget"));
    auto *budgetForm = new QFormLayout(budget);
    budgetForm->addRow(QString(), m_budgetEnabled);
    budgetForm->addRow(label("budget.maxTokens"), m_maxTokens);
    budgetForm->addRow(label("budget.tokenRatio"), m_tokenRatio);
    budgetForm->addRow(label("budget.key"), m_budgetKey);

    m_breakerEnabled = checkBox("breaker.enabled");
    m_failureThreshold = spinBox("breaker.failureThreshold");
    m_failureRate = spinBox("breaker.failureRatePercent");
    m_windowSize = spinBox("breaker.windowSize");
    m_minimumCalls = spinBox("breaker.minimumCalls");
    m_openMs = spinBox("breaker.openMs");
    m_openMultiplier = doubleBox("breaker.openBackoffMultiplier", 2);
    m_maxOpenMs = spinBox("breaker.maxOpenMs");
    m_halfOpenProbes = spinBox("breaker.halfOpenProbes");
    m_openJitter = doubleBox("breaker.openJitter", 2);
    m_slowCallMs = spinBox("breaker.slowCallDurationMs");
    m_slowCallRate = spinBox("breaker.slowCallRatePercent");
    m_breakerKey = FormFields::named(new QLineEdit, "breaker.key");
    m_breakerKey->setPlaceholderText(tr("own breaker"));
    auto *breaker = new QGroupBox(tr("Circuit breaker"));
    auto *breakerForm = new QFormLayout(breaker);
    breakerForm->addRow(QString(), m_breakerEnabled);
    for (auto [path, field] :
         std::initializer_list<std::pair<const char *, QWidget *>>{{"breaker.failureThreshold", m_failureThreshold},
                                                                   {"breaker.failureRatePercent", m_failureRate},
                                                                   {"breaker.windowSize", m_windowSize},
                                                                   {"breaker.minimumCalls", m_minimumCalls},
                                                                   {"breaker.openMs", m_openMs},
                                                                   {"breaker.openBackoffMultiplier", m_openMultiplier},
                                                                   {"breaker.maxOpenMs", m_maxOpenMs},
                                                                   {"breaker.openJitter", m_openJitter},
                                                                   {"breaker.halfOpenProbes", m_halfOpenProbes},
                                                                   {"breaker.slowCallDurationMs", m_slowCallMs},
                                                                   {"breaker.slowCallRatePercent", m_slowCallRate},
                                                                   {"breaker.key", m_breakerKey}})
        breakerForm->addRow(label(path), field);

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
    m_openJitter->setValue(breaker.openJitter);
    m_slowCallMs->setValue(int(breaker.slowCallDuration.count()));
    m_slowCallRate->setValue(breaker.slowCallRatePercent);
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
    breaker.openJitter = m_openJitter->value();
    breaker.slowCallDuration = milliseconds(m_slowCallMs->value());
    breaker.slowCallRatePercent = m_slowCallRate->value();
    breaker.key = m_breakerKey->text().trimmed();
}
