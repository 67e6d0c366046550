// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/checksform.h"

#include "ui/formfields.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using std::chrono::milliseconds;

ChecksForm::ChecksForm(QWidget *parent)
    : QWidget(parent)
{
    using FormFields::label;
    m_bodyContains = FormFields::named(new QLineEdit, "assert.bodyContains");
    m_bodyContains->setPlaceholderText(tr("no check"));
    m_jsonPointer = FormFields::named(new QLineEdit, "assert.jsonPointer");
    m_jsonPointer->setPlaceholderText(tr("no check, e.g. /status"));
    m_equals = FormFields::named(new QLineEdit, "assert.equals");
    m_equals->setPlaceholderText(tr("any value, e.g. \"UP\" or 200"));
    m_maxLatency = FormFields::spinBox("assert.maxLatencyMs");
    m_tlsExpiryWarningDays = FormFields::spinBox("tlsExpiryWarningDays");

    auto *intro = new QLabel(tr("An answer with an expected status counts as ok only when every check given here "
                                "holds; otherwise it is an assertion failure, a failure for the breaker, retried "
                                "only when the Retry page lists assertion_failed."));
    intro->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(intro);
    for (auto [path, field] :
         std::initializer_list<std::pair<const char *, QWidget *>>{{"assert.bodyContains", m_bodyContains},
                                                                   {"assert.jsonPointer", m_jsonPointer},
                                                                   {"assert.equals", m_equals},
                                                                   {"assert.maxLatencyMs", m_maxLatency},
                                                                   {"tlsExpiryWarningDays", m_tlsExpiryWarningDays}})
        form->addRow(label(path), field);
}

ChecksForm::~ChecksForm() = default;

void ChecksForm::setChecks(const ResponseAssertions &checks, int tlsExpiryWarningDays)
{
    m_tlsExpiryWarningDays->setValue(tlsExpiryWarningDays);
    m_bodyContains->setText(checks.bodyContains);
    m_jsonPointer->setText(checks.jsonPointer);
    m_equals->setText(checks.equals.isUndefined() ? QString() : jsonValueJson(checks.equals));
    m_maxLatency->setValue(int(checks.maxLatency.count()));
}

QString ChecksForm::read(ResponseAssertions &checks, int &tlsExpiryWarningDays) const
{
    tlsExpiryWarningDays = m_tlsExpiryWarningDays->value();
    checks.bodyContains = m_bodyContains->text();
    checks.jsonPointer = m_jsonPointer->text().trimmed();
    checks.maxLatency = milliseconds(m_maxLatency->value());
    const QString equals = m_equals->text().trimmed();
    if (equals.isEmpty()) {
        checks.equals = QJsonValue(QJsonValue::Undefined);
        return {};
    }
    // Any JSON value: parsed inside an array, so that "UP" and 200 are too.
    QJsonParseError error{};
    const QJsonDocument parsed = QJsonDocument::fromJson("[" + equals.toUtf8() + "]", &error);
    if (error.error != QJsonParseError::NoError || parsed.array().size() != 1)
        return tr("assert.equals: %1 is not a JSON value (a text needs its quotes: \"%1\")").arg(equals);
    checks.equals = parsed.array().first();
    return {};
}
