// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

// What each endpoint key does and its default, in the words of docs/endpoints-file.md
// and §5, for tooltips. Widgets are matched by object name, which is the key
// as the endpoints file spells it ("intervalMs", "breaker.openMs", ...).
[[nodiscard]] QString fieldHelp(const QString &key);

// Sets the tooltip of every descendant of `root` whose object name has help.
void applyFieldHelp(QWidget *root);
