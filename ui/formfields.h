// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

class QCheckBox;
class QDoubleSpinBox;
class QSpinBox;
class QWidget;

// The editing fields the policy forms share, made from the endpoint key table
// (core/config/endpointfields.h): each is named after the key's path as the
// endpoints file spells it ("retry.maxAttempts"), which is also how fieldhelp
// finds its tooltip and FormWords its label, and takes its range, unit and
// "off" word from the key's row, so the form accepts what the file accepts.
namespace FormFields {

// A whole number or a duration in milliseconds (steps of 100). The arrows stop
// at the row's lowest value, but typing goes down to -maximum, so that a value
// out of range is explained by the form rather than reverted. A row with an
// "off" word shows it at its lowest value, and nothing can be typed below.
[[nodiscard]] QSpinBox *spinBox(const char *path);
[[nodiscard]] QDoubleSpinBox *doubleBox(const char *path, int decimals);
// A check box whose text is the row's label.
[[nodiscard]] QCheckBox *checkBox(const char *path);
// The row's label, translated, with its mnemonic.
[[nodiscard]] QString label(const char *path);

// Statuses as a field shows them: "200, 204".
[[nodiscard]] QString statusText(const QList<int> &statuses);
// "200, 204" into statuses; the first problem names `key`. Whether each is
// in range is the key's row's to say (the endpoints file's own message).
[[nodiscard]] QString parseStatuses(const QString &text, const QString &key, QList<int> &statuses);

template<typename Widget> Widget *named(Widget *widget, const char *key)
{
    widget->setObjectName(QString::fromLatin1(key));
    return widget;
}

} // namespace FormFields
