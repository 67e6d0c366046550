// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QDoubleSpinBox;
class QSpinBox;
class QWidget;

// The editing fields the policy forms share. Each is named after the key it
// edits, as the endpoints file spells it, which is also how fieldhelp finds
// its tooltip.
namespace FormFields {

// The arrows stop at `minimum`, but typing goes down to -maximum, so that a
// value out of range is explained by the form rather than reverted.
[[nodiscard]] QSpinBox *spinBox(const char *key, int minimum, int maximum, const QString &suffix = {});
// Milliseconds from `minimum` to the longest a Qt timer waits, in steps of 100.
[[nodiscard]] QSpinBox *millisecondBox(const char *key, int minimum = 0);
[[nodiscard]] QDoubleSpinBox *doubleBox(const char *key, double minimum, double maximum, int decimals);

template<typename Widget> Widget *named(Widget *widget, const char *key)
{
    widget->setObjectName(QString::fromLatin1(key));
    return widget;
}

} // namespace FormFields
