// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QTextBrowser;

// The user documentation inside the program (Help ▸ Getting started): the
// docs/ pages a user needs, built in as resources, so that they open offline
// and match the version running; links between them stay in the browser,
// web links open in the desktop's browser, and a link to a page of the source
// tree that is not built in (the benchmarks' figures) says so instead of
// showing an empty page.
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
    // Follows a link as a click on it does.
    void follow(const QUrl &link);
    // The line under the page that names a link not built in; empty otherwise.
    [[nodiscard]] QString notice() const;

    // Whether a relative link (as written in a page) is built in.
    [[nodiscard]] static bool isBuiltIn(const QUrl &link);

private:
    QTextBrowser *m_browser = nullptr;
    QLabel *m_notice = nullptr;
};
