// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/formfields.h"

#include "core/policy/retrypolicy.h"

#include <QDoubleSpinBox>
#include <QSpinBox>

#include <algorithm>
#include <utility>

namespace {

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

} // namespace

QSpinBox *FormFields::spinBox(const char *key, int minimum, int maximum, const QString &suffix)
{
    auto *box = named(new TypedBox<QSpinBox>(minimum), key);
    box->setRange(-maximum, maximum);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    return box;
}

QSpinBox *FormFields::millisecondBox(const char *key, int minimum)
{
    QSpinBox *box = spinBox(key, minimum, int(RetryPolicy::maxDuration.count()), QStringLiteral(" ms"));
    box->setSingleStep(100);
    return box;
}

QDoubleSpinBox *FormFields::doubleBox(const char *key, double minimum, double maximum, int decimals)
{
    auto *box = named(new TypedBox<QDoubleSpinBox>(minimum), key);
    box->setRange(-maximum, maximum);
    box->setDecimals(decimals);
    box->setSingleStep(decimals > 1 ? 0.05 : 1.0);
    return box;
}
