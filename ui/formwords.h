// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

class QTabWidget;

// A label or tab text as shown, without its mnemonic: "&Budget && breaker"
// is "Budget & breaker".
[[nodiscard]] QString withoutMnemonic(QString text);

// Turns a problem as the endpoints file words it ("breaker.maxOpenMs: must
// not be less than breaker.openMs (1000 < 30000)") into the form's words
// ("Budget & breaker ▸ Longest open: must not be less than “Open for” (1000
// < 30000)"): every field is named after its key (FormFields), and its
// label and tab say what the user sees.
class FormWords
{
public:
    // Indexes the fields on the pages of `tabs`; call once they are built.
    explicit FormWords(const QTabWidget &tabs);

    [[nodiscard]] QString translate(const QString &problem) const;
    // The tab of the field the problem is about (its first word), or -1.
    [[nodiscard]] int tabOf(const QString &problem) const;

private:
    struct Field
    {
        int tab = -1;
        QString label;
    };
    [[nodiscard]] const Field *find(const QString &keyOrLabel) const;

    QHash<QString, Field> m_byKey;
    QHash<QString, Field> m_byLabel;
    QStringList m_tabs;
};
