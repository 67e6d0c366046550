// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/errorcategory.h"
#include "core/policy/retrypolicy.h"

#include <QList>
#include <QPair>
#include <QWidget>

class PolicyPreviewWidget;
class QCheckBox;
class QLineEdit;
class QSpinBox;

// The endpoint editor's "Retry" page: the backoff with its live preview,
// and the `retry` keys that decide what is retried and how long to wait.
class RetryForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryForm)

public:
    explicit RetryForm(QWidget *parent = nullptr);
    ~RetryForm() override;

    void setPolicy(const RetryPolicy &policy);
    // The form's values; a problem in words when the statuses to retry are
    // not numbers (then the rest is read all the same).
    [[nodiscard]] QString read(RetryPolicy &policy) const;

signals:
    // The preview's own controls changed (the plain fields report themselves).
    void changed();

private:
    PolicyPreviewWidget *m_policy = nullptr;
    QSpinBox *m_deadline = nullptr;
    QLineEdit *m_retryOnStatus = nullptr;
    QList<QPair<ErrorCategory, QCheckBox *>> m_retryOnErrors;
    QCheckBox *m_respectRetryAfter = nullptr;
    QCheckBox *m_respectRateLimit = nullptr;
    QSpinBox *m_maxRetryAfter = nullptr;
    QCheckBox *m_retryNonIdempotent = nullptr;
};
