// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/formwords.h"

#include <QAbstractButton>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>

QString withoutMnemonic(QString text)
{
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(u'&');
    text.replace(u'\x01', u'&');
    return text;
}

FormWords::FormWords(const QTabWidget &tabs)
{
    for (int tab = 0; tab < tabs.count(); ++tab) {
        QWidget *page = tabs.widget(tab);
        m_tabs.append(withoutMnemonic(tabs.tabText(tab)));
        QHash<const QWidget *, QString> labels;
        for (const QLabel *label : page->findChildren<QLabel *>()) {
            if (label->buddy())
                labels.insert(label->buddy(), withoutMnemonic(label->text()));
        }
        for (const QWidget *field : page->findChildren<QWidget *>()) {
            const QString key = field->objectName();
            QString label = labels.value(field);
            if (label.isEmpty())
                if (const auto *button = qobject_cast<const QAbstractButton *>(field))
                    label = withoutMnemonic(button->text());
            if (key.isEmpty() || label.isEmpty() || key.startsWith(QLatin1String("qt_")))
                continue;
            m_byKey.insert(key, {tab, label});
            m_byLabel.insert(label, {tab, label});
        }
    }
}

const FormWords::Field *FormWords::find(const QString &keyOrLabel) const
{
    for (const auto *index : {&m_byKey, &m_byLabel}) {
        if (const auto it = index->constFind(keyOrLabel); it != index->constEnd())
            return &*it;
    }
    return nullptr;
}

int FormWords::tabOf(const QString &problem) const
{
    const QString key = problem.section(u':', 0, 0);
    const Field *field = find(key);
    if (!field && key.contains(u'.'))
        field = find(key.section(u'.', 0, 0));
    return field ? field->tab : -1;
}

QString FormWords::translate(const QString &problem) const
{
    const qsizetype colon = problem.indexOf(u':');
    if (colon <= 0)
        return problem;
    const QString key = problem.left(colon);
    const Field *subject = find(key);
    QString detail; // "headers.Authorization": the Headers field, its Authorization row
    if (!subject && key.contains(u'.')) {
        subject = find(key.section(u'.', 0, 0));
        detail = QStringLiteral(" ▸ ") + key.section(u'.', 1);
    }
    if (!subject)
        return problem;
    // Other keys the message names ("… less than breaker.openMs …").
    static const QRegularExpression keyPattern(QStringLiteral("\\b[a-z]+(\\.[a-z][A-Za-z]*)?[A-Z][A-Za-z]*\\b"));
    QString rest = problem.mid(colon);
    QString words;
    qsizetype last = 0;
    for (auto it = keyPattern.globalMatch(rest); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const Field *other = find(match.captured());
        words += rest.mid(last, match.capturedStart() - last);
        words += other ? QStringLiteral("“%1”").arg(other->label) : match.captured();
        last = match.capturedEnd();
    }
    words += rest.mid(last);
    return QStringLiteral("%1 ▸ %2%3%4").arg(m_tabs.value(subject->tab), subject->label, detail, words);
}
