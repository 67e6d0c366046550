// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Finding and filling the endpoint dialog's fields, for the dialog's tests.
#include "ui/endpointdialog.h"

#include <QAbstractSpinBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

template<typename Widget> inline Widget *child(QWidget *parent, const char *name)
{
    auto *widget = parent->findChild<Widget *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

inline QPushButton *okButton(EndpointDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

inline void typeInto(QWidget *field, const QString &text)
{
    if (auto *line = qobject_cast<QLineEdit *>(field))
        line->selectAll();
    if (auto *box = qobject_cast<QAbstractSpinBox *>(field))
        box->selectAll();
    QTest::keyClicks(field, text);
}
