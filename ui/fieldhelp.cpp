// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/fieldhelp.h"

#include "core/config/endpointfields.h"

#include <QCoreApplication>
#include <QWidget>

QString fieldLabel(const FieldInfo &field)
{
    return QCoreApplication::translate("EndpointFields", field.label);
}

QString fieldHelp(const QString &key)
{
    const EndpointKey *entry = findEndpointKey(key);
    if (!entry)
        return {};
    const FieldInfo &field = *entry->field;
    QString text = QStringLiteral("<p><b>%1</b></p><p>%2</p>")
                       .arg(entry->path, QCoreApplication::translate("EndpointFields", field.help).toHtmlEscaped());
    if (const QString range = fieldRangeText(field); !range.isEmpty())
        text += QStringLiteral("<p>%1</p>").arg(range.toHtmlEscaped());
    if (const QString byDefault = fieldDefaultText(field, entry->byDefault); !byDefault.isEmpty())
        text += QStringLiteral("<p>Default: %1.</p>").arg(byDefault.toHtmlEscaped());
    return text;
}

void applyFieldHelp(QWidget *root)
{
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (const QString help = fieldHelp(widget->objectName()); !help.isEmpty())
            widget->setToolTip(help);
    }
}
