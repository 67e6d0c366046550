// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/tlssettings.h"

#include <QWidget>

class QLineEdit;

// The endpoint editor's "Connection" page: the proxy, and the `tls` keys (a
// private CA to trust, a client certificate and its key, the server name to
// verify), each file with a picker. What the files hold is checked when the
// form is validated, as at load.
class ConnectionForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionForm)

public:
    explicit ConnectionForm(QWidget *parent = nullptr);
    ~ConnectionForm() override;

    void setConnection(const TlsSettings &tls, const QString &proxy);
    void setProxy(const QString &proxy);
    // The form's settings into `tls` and `proxy`; what was read from the
    // files is kept only while the settings are unchanged.
    void read(TlsSettings &tls, QString &proxy) const;

private:
    QLineEdit *m_proxy = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_keyPassphrase = nullptr;
    QLineEdit *m_serverName = nullptr;
};
