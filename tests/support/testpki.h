// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

// Certificates made the way an internal PKI makes them, with Debian's
// openssl, in a folder of their own: a private CA, server certificates it
// signs for given names, client certificates, encrypted keys.
class TestPki
{
public:
    TestPki() = default;
    Q_DISABLE_COPY_MOVE(TestPki)

    // Makes the CA ("<name>.pem" and "<name>.key"); empty, or what went wrong.
    [[nodiscard]] QString makeCa(const QString &name);
    // A certificate "<name>.pem" with key "<name>.key" signed by CA `ca`;
    // `altNames` as openssl writes them ("IP:127.0.0.1,DNS:api.internal");
    // `usage` serverAuth or clientAuth. EC keys (P-256), which are quick to
    // make, RSA (2048 bits) or Ed25519.
    enum class Key { Ec, Rsa, Ed25519 };
    [[nodiscard]] QString makeCertificate(const QString &ca, const QString &name, const QString &altNames,
                                          const QString &usage, Key key = Key::Ec);
    // "<name>.key" encrypted with `passphrase` into "<name>-encrypted.key".
    [[nodiscard]] QString encryptKey(const QString &name, const QString &passphrase);

    [[nodiscard]] QString path(const QString &file) const { return m_dir.filePath(file); }

private:
    [[nodiscard]] QString openssl(const QStringList &arguments);

    QTemporaryDir m_dir;
};
