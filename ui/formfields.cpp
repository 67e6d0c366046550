// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/formfields.h"

#include "core/config/endpointfields.h"
#include "ui/fieldhelp.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QRegularExpression>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace {

// A number with no upper bound in the file still needs one in a spin box.
constexpr double unboundedNumber = 1e6;

// Takes whatever number a person types, also one below the field's lowest
// (0 for an interval, -100): the form's validation then says what is wrong
// in words, where a plain spin box would put the old value back in silence.
// Only the arrows (and Page Down) stop at the lowest.
template<typename Box> class TypedBox final : public Box
{
public:
    using Value = decltype(std::declval<Box>().value());

    explicit TypedBox(Value floor)
        : m_floor(floor)
    { }

    void stepBy(int steps) override
    {
        if (steps >= 0) {
            Box::stepBy(steps);
            return;
        }
        const double target
            = std::max(double(this->value()) + double(steps) * double(this->singleStep()), double(m_floor));
        if (target < double(this->value()))
            this->setValue(Value(target));
    }

protected:
    typename Box::StepEnabled stepEnabled() const override
    {
        typename Box::StepEnabled enabled = Box::stepEnabled();
        if (this->value() <= m_floor)
            enabled &= ~Box::StepDownEnabled;
        return enabled;
    }

private:
    Value m_floor;
};

const FieldInfo &row(const char *path)
{
    const EndpointKey *key = findEndpointKey(QString::fromLatin1(path));
    Q_ASSERT_X(key, "FormFields", path);
    return *key->field;
}

template<typename Box> Box *described(Box *box, const char *path, const FieldInfo &field)
{
    box->setObjectName(QString::fromLatin1(path));
    box->setToolTip(fieldHelp(QString::fromLatin1(path)));
    if (field.offText) {
        // The lowest value means "off": nothing below it to type.
        box->setMinimum(decltype(box->value())(field.min));
        box->setSpecialValueText(QCoreApplication::translate("EndpointFields", field.offText));
    }
    return box;
}

} // namespace

QSpinBox *FormFields::spinBox(const char *path)
{
    const FieldInfo &field = row(path);
    Q_ASSERT(field.kind == FieldKind::Whole || field.kind == FieldKind::Milliseconds);
    const int maximum = int(std::min(field.max, double(std::numeric_limits<int>::max())));
    auto *box = new TypedBox<QSpinBox>(int(field.min));
    box->setRange(-maximum, maximum);
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    if (field.kind == FieldKind::Milliseconds) {
        box->setSuffix(QStringLiteral(" ms"));
        box->setSingleStep(100);
    } else if (field.unit) {
        box->setSuffix(QString::fromUtf8(field.unit));
    }
    return described(box, path, field);
}

QDoubleSpinBox *FormFields::doubleBox(const char *path, int decimals)
{
    const FieldInfo &field = row(path);
    Q_ASSERT(field.kind == FieldKind::Number);
    // The arrows stop at the first value in range: a step inside an open bound.
    const double step = std::pow(10.0, -decimals);
    const double floor = field.aboveMin ? field.min + step : field.min;
    const double ceiling = std::isinf(field.max) ? unboundedNumber : field.belowMax ? field.max - step : field.max;
    auto *box = new TypedBox<QDoubleSpinBox>(floor);
    box->setDecimals(decimals);
    box->setRange(-ceiling, ceiling);
    box->setSingleStep(decimals > 1 ? 0.05 : 1.0);
    return described(box, path, field);
}

QCheckBox *FormFields::checkBox(const char *path)
{
    const FieldInfo &field = row(path);
    Q_ASSERT(field.kind == FieldKind::Flag);
    auto *box = new QCheckBox(fieldLabel(field));
    box->setObjectName(QString::fromLatin1(path));
    box->setToolTip(fieldHelp(QString::fromLatin1(path)));
    return box;
}

QString FormFields::label(const char *path)
{
    return fieldLabel(row(path));
}

QString FormFields::statusText(const QList<int> &statuses)
{
    QStringList parts;
    for (const int status : statuses)
        parts.append(QString::number(status));
    return parts.join(QStringLiteral(", "));
}

QString FormFields::parseStatuses(const QString &text, const QString &key, QList<int> &statuses)
{
    statuses.clear();
    for (const QString &part : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int status = part.toInt(&ok);
        if (!ok) {
            const FieldInfo &field = *findEndpointKey(key)->field;
            return QStringLiteral("%1: \"%2\" is not an HTTP status (%3-%4)")
                .arg(key, part)
                .arg(field.min)
                .arg(field.max);
        }
        if (!statuses.contains(status))
            statuses.append(status);
    }
    return {};
}
