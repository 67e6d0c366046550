// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/responseassertions.h"

#include <QWidget>

class QLineEdit;
class QSpinBox;

// The endpoint editor's "Checks" page: the `assert` keys, what an answer
// with an expected status must also show to count as ok.
class ChecksForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecksForm)

public:
    explicit ChecksForm(QWidget *parent = nullptr);
    ~ChecksForm() override;

    void setChecks(const ResponseAssertions &checks, int tlsExpiryWarningDays);
    // The form's values; a problem in words when "Equals" is not JSON
    // (then the rest is read all the same).
    [[nodiscard]] QString read(ResponseAssertions &checks, int &tlsExpiryWarningDays) const;

private:
    QLineEdit *m_bodyContains = nullptr;
    QLineEdit *m_jsonPointer = nullptr;
    QLineEdit *m_equals = nullptr;
    QSpinBox *m_maxLatency = nullptr;
    QSpinBox *m_tlsExpiryWarningDays = nullptr;
};
