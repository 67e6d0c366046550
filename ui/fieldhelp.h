// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

struct FieldInfo;
class QWidget;

// Tooltips and labels from the endpoint key table (core/config/endpointfields.h):
// what each key does, its range and its built-in default. Widgets are matched
// by object name, which is the key's path as the endpoints file spells it
// ("intervalMs", "retry.maxAttempts", "breaker.openMs", ...).
[[nodiscard]] QString fieldHelp(const QString &key);
// The editor's label for a key, translated, with its & mnemonic.
[[nodiscard]] QString fieldLabel(const FieldInfo &field);

// Sets the tooltip of every descendant of `root` whose object name has help.
void applyFieldHelp(QWidget *root);
