// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/retryform.h"

#include "ui/fieldhelp.h"
#include "ui/formfields.h"
#include "ui/policypreviewwidget.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

using FormFields::label;
using FormFields::named;
using std::chrono::milliseconds;

RetryForm::RetryForm(QWidget *parent)
    : QWidget(parent)
{
    m_policy = new PolicyPreviewWidget;
    connect(m_policy, &PolicyPreviewWidget::policyChanged, this, &RetryForm::changed);
    m_deadline = FormFields::spinBox("retry.deadlineMs");
    m_retryOnStatus = named(new QLineEdit, "retry.retryOnStatus");
    m_respectRetryAfter = FormFields::checkBox("retry.respectRetryAfter");
    m_maxRetryAfter = FormFields::spinBox("retry.maxRetryAfterMs");
    m_respectRateLimit = FormFields::checkBox("retry.respectRateLimit");
    m_retryNonIdempotent = FormFields::checkBox("retry.retryNonIdempotent");
    auto *errors = new QGridLayout;
    int column = 0;
    for (const ErrorCategory category : allCategories()) {
        if (!isRetryOnErrorsCategory(category))
            continue;
        auto *box = new QCheckBox(QString(categoryName(category)));
        box->setObjectName(QStringLiteral("retryOn_") + QString(categoryName(category)));
        box->setToolTip(fieldHelp(QStringLiteral("retry.retryOnErrors")));
        errors->addWidget(box, column / 3, column % 3);
        ++column;
        m_retryOnErrors.append({category, box});
    }

    auto *more = new QWidget;
    auto *form = new QFormLayout(more);
    form->addRow(label("retry.deadlineMs"), m_deadline);
    form->addRow(label("retry.retryOnStatus"), m_retryOnStatus);
    form->addRow(label("retry.retryOnErrors"), errors);
    form->addRow(QString(), m_respectRetryAfter);
    form->addRow(label("retry.maxRetryAfterMs"), m_maxRetryAfter);
    form->addRow(QString(), m_respectRateLimit);
    form->addRow(QString(), m_retryNonIdempotent);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_policy, 1);
    layout->addWidget(more);
}

RetryForm::~RetryForm() = default;

void RetryForm::setPolicy(const RetryPolicy &policy)
{
    m_policy->setPolicy(policy);
    m_deadline->setValue(int(policy.deadline.count()));
    m_retryOnStatus->setText(FormFields::statusText(policy.retryOnStatus));
    for (const auto &[category, box] : std::as_const(m_retryOnErrors))
        box->setChecked(policy.retryOnErrors.contains(category));
    m_respectRetryAfter->setChecked(policy.respectRetryAfter);
    m_respectRateLimit->setChecked(policy.respectRateLimit);
    m_maxRetryAfter->setValue(int(policy.maxRetryAfter.count()));
    m_retryNonIdempotent->setChecked(policy.retryNonIdempotent);
}

QString RetryForm::read(RetryPolicy &policy) const
{
    policy = m_policy->policy();
    policy.deadline = milliseconds(m_deadline->value());
    policy.retryOnErrors.clear();
    for (const auto &[category, box] : m_retryOnErrors) {
        if (box->isChecked())
            policy.retryOnErrors.append(category);
    }
    policy.respectRetryAfter = m_respectRetryAfter->isChecked();
    policy.respectRateLimit = m_respectRateLimit->isChecked();
    policy.maxRetryAfter = milliseconds(m_maxRetryAfter->value());
    policy.retryNonIdempotent = m_retryNonIdempotent->isChecked();
    return FormFields::parseStatuses(m_retryOnStatus->text(), QStringLiteral("retry.retryOnStatus"),
                                     policy.retryOnStatus);
}
