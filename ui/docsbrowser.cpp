// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/docsbrowser.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

DocsBrowser::DocsBrowser(QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser)
{
    setObjectName(QStringLiteral("docsBrowser"));
    setWindowTitle(tr("Retryscope — Getting started"));
    m_browser->setObjectName(QStringLiteral("docsText"));
    m_browser->setSearchPaths({QStringLiteral(":/docs")});
    m_browser->setOpenLinks(true);
    m_browser->setOpenExternalLinks(false);
    // Web links go to the desktop's browser; pages of ours stay here.
    connect(m_browser, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        if (!url.scheme().isEmpty() && url.scheme() != QLatin1String("qrc"))
            QDesktopServices::openUrl(url);
    });
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
    layout->addWidget(buttons);
    const int em = fontMetrics().horizontalAdvance(u'M');
    resize(60 * em, 40 * fontMetrics().height());
}

DocsBrowser::~DocsBrowser() = default;

void DocsBrowser::showPage(const QString &page)
{
    m_browser->setSource(QUrl(page), QTextDocument::MarkdownResource);
    show();
    raise();
    activateWindow();
}
