// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/fieldtable.h"
#include "core/util/policyreadresult.h"

#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <memory>
#include <span>

// What the files of an endpoint's `tls` object hold, read once when the
// endpoint is loaded: what each attempt's QSslConfiguration is given.
struct TlsMaterial
{
    QList<QSslCertificate> caCertificates; // trusted in addition to the system's
    QList<QSslCertificate> certificateChain; // the client certificate first, then any intermediates
    QSslKey privateKey; // the client certificate's key, decrypted
};

// The `tls` object of an endpoint (docs/endpoints-file.md): a private CA to
// trust, a client certificate for mutual TLS, the name to verify. Paths are
// absolute. Verification is never switched off.
struct TlsSettings
{
    QString caFile;
    QString certFile;
    QString keyFile;
    QString keyPassphrase; // may hold ${env:NAME}, resolved only to read the key
    QString serverName; // sent in SNI and verified; empty: the URL's host

    // The files' contents, once loadTlsMaterial() has read them; null until then.
    std::shared_ptr<const TlsMaterial> material;

    [[nodiscard]] bool any() const
    {
        return !caFile.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty() || !serverName.isEmpty();
    }
    // Which connections an attempt may share: those made with the same
    // trust and the same client certificate (Qt keys its connection cache
    // by origin, proxy and verified name only). Empty: the default's.
    [[nodiscard]] QString connectionIdentity() const;

    // One message per problem, naming the key ("tls.keyFile: ..."): the
    // rules between the keys, not the files' contents.
    [[nodiscard]] QStringList validate() const;

    // The settings, not what was read: equal settings read the same files.
    friend bool operator==(const TlsSettings &a, const TlsSettings &b)
    {
        return a.caFile == b.caFile && a.certFile == b.certFile && a.keyFile == b.keyFile
            && a.keyPassphrase == b.keyPassphrase && a.serverName == b.serverName;
    }
};

using TlsReadResult = PolicyReadResult<TlsSettings>;

[[nodiscard]] std::span<const Field<TlsSettings>> tlsSettingsFields();
[[nodiscard]] TlsReadResult readTlsSettings(const QJsonObject &object, const TlsSettings &base = {});
[[nodiscard]] QJsonObject toJson(const TlsSettings &tls);

// The configuration an https attempt with this material uses: Qt's default,
// trusting the file's certificates besides the system's, and presenting the
// client certificate when there is one.
[[nodiscard]] QSslConfiguration tlsConfiguration(const TlsMaterial &material);

// Reads the files `tls` names into tls.material (nothing to read: null).
// The first problem, naming the key and the file: missing, unreadable, not
// PEM, an encrypted key without its passphrase or with a wrong one, a key
// that does not match its certificate, an unset ${env:NAME}.
[[nodiscard]] QString loadTlsMaterial(TlsSettings &tls, const QProcessEnvironment &environment);
