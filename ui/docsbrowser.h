// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QTextBrowser;

// The user documentation inside the program (Help ▸ Getting started): the
// docs/ pages a user needs, built in as resources, so that they open offline
// and match the version running; links between them stay in the browser.
class DocsBrowser final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocsBrowser)

public:
    explicit DocsBrowser(QWidget *parent = nullptr);
    ~DocsBrowser() override;

    // Shows `page` ("getting-started.md", ...).
    void showPage(const QString &page);
    [[nodiscard]] QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser = nullptr;
};
