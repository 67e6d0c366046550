// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/docsbrowser.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

DocsBrowser::DocsBrowser(QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser)
    , m_notice(new QLabel)
{
    setObjectName(QStringLiteral("docsBrowser"));
    setWindowTitle(tr("Retryscope — Getting started"));
    m_browser->setObjectName(QStringLiteral("docsText"));
    m_browser->setSearchPaths({QStringLiteral(":/docs")});
    m_browser->setOpenLinks(false); // follow() decides
    connect(m_browser, &QTextBrowser::anchorClicked, this, &DocsBrowser::follow);
    m_notice->setObjectName(QStringLiteral("docsNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    connect(m_browser, &QTextBrowser::sourceChanged, this,
            [this] { setWindowTitle(tr("Retryscope — %1").arg(m_browser->documentTitle())); });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton *back = buttons->addButton(tr("&Back"), QDialogButtonBox::ActionRole);
    back->setEnabled(false);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_notice);
    layout->addWidget(buttons);
    const int em = fontMetrics().horizontalAdvance(u'M');
    resize(60 * em, 40 * fontMetrics().height());
}

DocsBrowser::~DocsBrowser() = default;

bool DocsBrowser::isBuiltIn(const QUrl &link)
{
    return QFile::exists(QDir::cleanPath(QStringLiteral(":/docs/") + link.path()));
}

void DocsBrowser::follow(const QUrl &link)
{
    m_notice->hide();
    m_notice->clear();
    if (!link.scheme().isEmpty() && link.scheme() != QLatin1String("qrc")) {
        QDesktopServices::openUrl(link); // web links: the desktop's browser
        return;
    }
    if (link.path().isEmpty()) {
        m_browser->scrollToAnchor(link.fragment());
        return;
    }
    if (!isBuiltIn(link)) {
        // "../bench/README.md": a page of the source tree, not built in.
        const QString path = QDir::cleanPath(link.path()).remove(QRegularExpression(QStringLiteral("^(\\.\\./)+")));
        m_notice->setText(tr("%1 is not part of the built-in help: it is in Retryscope's source tree, with the "
                             "project's other documents.")
                              .arg(path));
        m_notice->show();
        return;
    }
    m_browser->setSource(link, QTextDocument::MarkdownResource);
}

QString DocsBrowser::notice() const
{
    return m_notice->text();
}

void DocsBrowser::showPage(const QString &page)
{
    m_notice->hide();
    m_notice->clear();
    m_browser->setSource(QUrl(page), QTextDocument::MarkdownResource);
    show();
    raise();
    activateWindow();
}
