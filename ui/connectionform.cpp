// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/connectionform.h"

#include "ui/formfields.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace {

// A path field and its "Browse…" button, in one row whose label names the field.
QWidget *fileRow(QLineEdit *edit, const QString &caption, const QString &filter)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QToolButton;
    browse->setObjectName(edit->objectName() + QStringLiteral(".browse"));
    browse->setText(QObject::tr("Browse…"));
    browse->setToolTip(caption);
    layout->addWidget(browse);
    QObject::connect(browse, &QToolButton::clicked, edit, [edit, caption, filter] {
        const QString start = edit->text().isEmpty() ? QString() : QFileInfo(edit->text()).absolutePath();
        const QString chosen = QFileDialog::getOpenFileName(edit->window(), caption, start, filter);
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return row;
}

} // namespace

ConnectionForm::ConnectionForm(QWidget *parent)
    : QWidget(parent)
{
    m_proxy = FormFields::named(new QLineEdit, "proxy");
    m_proxy->setPlaceholderText(tr("from the environment (https_proxy, http_proxy, all_proxy, no_proxy)"));
    m_caFile = FormFields::named(new QLineEdit, "tls.caFile");
    m_caFile->setPlaceholderText(tr("the system's certificates only"));
    m_certFile = FormFields::named(new QLineEdit, "tls.certFile");
    m_certFile->setPlaceholderText(tr("none"));
    m_keyFile = FormFields::named(new QLineEdit, "tls.keyFile");
    m_keyFile->setPlaceholderText(tr("none"));
    m_keyPassphrase = FormFields::named(new QLineEdit, "tls.keyPassphrase");
    m_keyPassphrase->setPlaceholderText(tr("none, or ${env:NAME}"));
    m_keyPassphrase->setEchoMode(QLineEdit::PasswordEchoOnEdit); // a written-out passphrase is not shown
    m_serverName = FormFields::named(new QLineEdit, "tls.serverName");
    m_serverName->setPlaceholderText(tr("the URL's host"));

    auto *proxyIntro = new QLabel(
        tr("A proxy for this endpoint: http://host:port (CONNECT for https), socks5://host:port, or none to go "
           "direct. Left empty, the proxy variables decide as they do for curl, and localhost never goes through "
           "one. Write a password as ${env:NAME} to keep it out of the file."));
    proxyIntro->setWordWrap(true);
    auto *intro = new QLabel(
        tr("For https: a certificate authority of your own to trust, a client certificate for servers that ask "
           "for one (mutual TLS), and the name to verify when the URL names an IP address. Certificates are "
           "always verified. Files are PEM, with their full path; they are read when the endpoint is saved."));
    intro->setWordWrap(true);
    auto *form = new QFormLayout(this);
    const auto addRow = [form](QLineEdit *edit, QWidget *field) {
        auto *label = new QLabel(FormFields::label(edit->objectName().toLatin1().constData()));
        label->setBuddy(edit);
        form->addRow(label, field);
    };
    form->addRow(proxyIntro);
    addRow(m_proxy, m_proxy);
    form->addRow(intro);
    const QString pem = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
    addRow(m_caFile, fileRow(m_caFile, tr("Choose the certificates to trust"), pem));
    addRow(m_certFile, fileRow(m_certFile, tr("Choose the client certificate"), pem));
    addRow(m_keyFile, fileRow(m_keyFile, tr("Choose the client certificate's key"), pem));
    addRow(m_keyPassphrase, m_keyPassphrase);
    addRow(m_serverName, m_serverName);
}

ConnectionForm::~ConnectionForm() = default;

void ConnectionForm::setProxy(const QString &proxy)
{
    m_proxy->setText(proxy);
}

void ConnectionForm::setConnection(const TlsSettings &tls, const QString &proxy)
{
    m_proxy->setText(proxy);
    m_caFile->setText(tls.caFile);
    m_certFile->setText(tls.certFile);
    m_keyFile->setText(tls.keyFile);
    m_keyPassphrase->setText(tls.keyPassphrase);
    m_serverName->setText(tls.serverName);
}

void ConnectionForm::read(TlsSettings &tls, QString &proxy) const
{
    proxy = m_proxy->text().trimmed();
    TlsSettings form;
    form.caFile = m_caFile->text().trimmed();
    form.certFile = m_certFile->text().trimmed();
    form.keyFile = m_keyFile->text().trimmed();
    form.keyPassphrase = m_keyPassphrase->text();
    form.serverName = m_serverName->text().trimmed();
    if (!(form == tls))
        tls = form; // read again from the files when the endpoint is checked
}
