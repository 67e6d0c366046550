// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/formfields.h"

#include "core/policy/retrypolicy.h"

#include <QDoubleSpinBox>
#include <QSpinBox>

QSpinBox *FormFields::spinBox(const char *key, int minimum, int maximum, const QString &suffix)
{
    auto *box = named(new QSpinBox, key);
    box->setRange(minimum, maximum);
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
    auto *box = named(new QDoubleSpinBox, key);
    box->setRange(minimum, maximum);
    box->setDecimals(decimals);
    box->setSingleStep(decimals > 1 ? 0.05 : 1.0);
    return box;
}
