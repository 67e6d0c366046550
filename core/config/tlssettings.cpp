// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/tlssettings.h"

#include "core/config/headertemplate.h"
#include "core/util/jsonfieldreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <array>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace {

using K = FieldKind;
using T = TlsSettings;

const std::array<Field<T>, 5> fields{{
    {{.key = QLatin1String("caFile"),
      .label = "Trusted C&A file",
      .kind = K::Text,
      .help = "A PEM file of certificates trusted for this endpoint in addition to the system's: your company's "
              "certificate authority, or a self-signed server certificate itself. An absolute path.",
      .offText = "the system's only",
      .writtenWhenEmpty = false},
     &T::caFile},
    {{.key = QLatin1String("certFile"),
      .label = "Client c&ertificate",
      .kind = K::Text,
      .help = "For mutual TLS: a PEM file with the certificate this endpoint presents to the server (any "
              "intermediates after it). Needs the key file. An absolute path.",
      .offText = "none",
      .writtenWhenEmpty = false},
     &T::certFile},
    {{.key = QLatin1String("keyFile"),
      .label = "Client &key",
      .kind = K::Text,
      .help = "The PEM private key of the client certificate: unencrypted, or encrypted with the passphrase. "
              "An absolute path.",
      .offText = "none",
      .writtenWhenEmpty = false},
     &T::keyFile},
    {{.key = QLatin1String("keyPassphrase"),
      .label = "Key &passphrase",
      .kind = K::Text,
      .help = "Decrypts an encrypted key file. Write ${env:NAME} to read it from the environment, so that it is "
              "never saved in the file.",
      .offText = "none",
      .writtenWhenEmpty = false},
     &T::keyPassphrase},
    {{.key = QLatin1String("serverName"),
      .label = "&Server name",
      .kind = K::Text,
      .help = "The name sent to the server (SNI) and checked in its certificate, for a URL that names an IP "
              "address or another name than the certificate's.",
      .offText = "the URL's host",
      .writtenWhenEmpty = false},
     &T::serverName},
}};

constexpr qint64 maxPemBytes = 4 * 1024 * 1024; // a system CA bundle is ~200 KiB

// The file at `path`, or why it cannot be read; `key` names it in the message.
QString readFile(const char *key, const QString &path, QByteArray &bytes)
{
    const QString prefix = QStringLiteral("tls.%1: %2: ").arg(QLatin1String(key), path);
    const QFileInfo info(path);
    if (!info.exists())
        return prefix + QStringLiteral("no such file");
    if (info.isDir())
        return prefix + QStringLiteral("is a folder, not a file");
    if (!info.isFile()) // a device or a pipe (/dev/stdin) could be read forever
        return prefix + QStringLiteral("is not a regular file");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return prefix + QStringLiteral("cannot be read (%1)").arg(file.errorString());
    bytes = file.read(maxPemBytes + 1);
    if (bytes.size() > maxPemBytes)
        return prefix + QStringLiteral("larger than %1 bytes; not a PEM file").arg(maxPemBytes);
    return {};
}

QString readCertificates(const char *key, const QString &path, QList<QSslCertificate> &certificates)
{
    QByteArray bytes;
    if (QString problem = readFile(key, path, bytes); !problem.isEmpty())
        return problem;
    certificates = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (certificates.isEmpty())
        return QStringLiteral("tls.%1: %2: holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            .arg(QLatin1String(key), path);
    return {};
}

// OpenSSL asks for a passphrase only when the key is encrypted; without one
// it must fail rather than prompt on the terminal.
int passphraseFor(char *buffer, int size, int /*writing*/, void *user)
{
    const auto *passphrase = static_cast<const QByteArray *>(user);
    if (!passphrase || passphrase->isEmpty() || passphrase->size() > size)
        return -1;
    std::copy(passphrase->begin(), passphrase->end(), buffer);
    return int(passphrase->size());
}

struct BioDeleter
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct KeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct X509Deleter
{
    void operator()(X509 *certificate) const { X509_free(certificate); }
};

// Qt's QSslKey cannot tell whether a key belongs to a certificate, nor
// which algorithm a PEM key uses; OpenSSL, which Qt runs on here, does both.
QString readKey(const TlsSettings &tls, const QByteArray &passphrase, QSslKey &key)
{
    QByteArray bytes;
    if (QString problem = readFile("keyFile", tls.keyFile, bytes); !problem.isEmpty())
        return problem;
    const std::unique_ptr<BIO, BioDeleter> keyBio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
    std::unique_ptr<EVP_PKEY, KeyDeleter> decrypted(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &passphraseFor, const_cast<QByteArray *>(&passphrase)));
    if (!decrypted) {
        const bool encrypted = bytes.contains("ENCRYPTED");
        if (encrypted && passphrase.isEmpty())
            return QStringLiteral("tls.keyFile: %1: the key is encrypted; give its passphrase in tls.keyPassphrase")
                .arg(tls.keyFile);
        if (encrypted)
            return QStringLiteral("tls.keyPassphrase: does not decrypt %1 (wrong passphrase?)").arg(tls.keyFile);
        return QStringLiteral("tls.keyFile: %1: holds no PEM private key (-----BEGIN PRIVATE KEY-----)")
            .arg(tls.keyFile);
    }
    QByteArray certificateBytes;
    if (QString problem = readFile("certFile", tls.certFile, certificateBytes); !problem.isEmpty())
        return problem;
    const std::unique_ptr<BIO, BioDeleter> certificateBio(
        BIO_new_mem_buf(certificateBytes.constData(), int(certificateBytes.size())));
    const std::unique_ptr<X509, X509Deleter> certificate(
        PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr));
    if (!certificate || X509_check_private_key(certificate.get(), decrypted.get()) != 1)
        return QStringLiteral("tls.keyFile: %1 is not the key of the certificate in tls.certFile (%2)")
            .arg(tls.keyFile, tls.certFile);

    std::optional<QSsl::KeyAlgorithm> algorithm;
    switch (EVP_PKEY_base_id(decrypted.get())) {
    case EVP_PKEY_RSA: algorithm = QSsl::Rsa; break;
    case EVP_PKEY_EC: algorithm = QSsl::Ec; break;
    case EVP_PKEY_DSA: algorithm = QSsl::Dsa; break;
    default: break; // Ed25519 and others: handed to Qt as OpenSSL's own key
    }
    if (algorithm)
        key = QSslKey(bytes, *algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
    else
        key = QSslKey(reinterpret_cast<Qt::HANDLE>(decrypted.release()), QSsl::PrivateKey); // Qt owns it now
    if (key.isNull())
        return QStringLiteral("tls.keyFile: %1: a key Qt cannot use").arg(tls.keyFile);
    return {};
}

QString absolutePathProblem(const char *key, const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return {};
    return QStringLiteral("tls.%1: \"%2\" is not an absolute path (the file's full path, e.g. /etc/ssl/%3)")
        .arg(QLatin1String(key), path, QFileInfo(path).fileName());
}

} // namespace

std::span<const Field<TlsSettings>> tlsSettingsFields()
{
    return fields;
}

QString TlsSettings::connectionIdentity() const
{
    if (caFile.isEmpty() && certFile.isEmpty())
        return {};
    return caFile + u'\n' + certFile + u'\n' + keyFile;
}

QStringList TlsSettings::validate() const
{
    QStringList problems;
    for (const auto &[key, path] : {std::pair{"caFile", &caFile}, {"certFile", &certFile}, {"keyFile", &keyFile}}) {
        if (QString problem = absolutePathProblem(key, *path); !problem.isEmpty())
            problems.append(problem);
    }
    if (!certFile.isEmpty() && keyFile.isEmpty())
        problems.append(QStringLiteral("tls.keyFile: needed with tls.certFile (the client certificate's key)"));
    if (!keyFile.isEmpty() && certFile.isEmpty())
        problems.append(QStringLiteral("tls.certFile: needed with tls.keyFile (the certificate the key belongs to)"));
    if (!keyPassphrase.isEmpty() && keyFile.isEmpty())
        problems.append(QStringLiteral("tls.keyPassphrase: there is no tls.keyFile to decrypt"));
    // A host name or an IP address: letters, digits, dots, hyphens, colons.
    static const QRegularExpression host(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$"));
    if (!serverName.isEmpty() && !host.match(serverName).hasMatch())
        problems.append(
            QStringLiteral("tls.serverName: \"%1\" is not a host name (only the name, e.g. api.internal: no "
                           "scheme, port or path)")
                .arg(serverName));
    return problems;
}

TlsReadResult readTlsSettings(const QJsonObject &object, const TlsSettings &base)
{
    TlsReadResult result = FieldTable::readObject(object, base, QStringLiteral("tls"), tlsSettingsFields());
    result.policy.material.reset(); // read from the files by loadTlsMaterial
    return result;
}

QJsonObject toJson(const TlsSettings &tls)
{
    return FieldTable::writeObject(tls, tlsSettingsFields());
}

QString loadTlsMaterial(TlsSettings &tls, const QProcessEnvironment &environment)
{
    tls.material.reset();
    if (tls.caFile.isEmpty() && tls.certFile.isEmpty())
        return {};
    auto material = std::make_shared<TlsMaterial>();
    if (!tls.caFile.isEmpty()) {
        if (QString problem = readCertificates("caFile", tls.caFile, material->caCertificates); !problem.isEmpty())
            return problem;
    }
    if (!tls.certFile.isEmpty()) {
        if (QString problem = readCertificates("certFile", tls.certFile, material->certificateChain);
            !problem.isEmpty())
            return problem;
        QString missing;
        const std::optional<QString> passphrase = HeaderTemplate::resolve(tls.keyPassphrase, environment, &missing);
        if (!passphrase)
            return QStringLiteral("tls.keyPassphrase: environment variable %1 is not set").arg(missing);
        if (QString problem = readKey(tls, passphrase->toUtf8(), material->privateKey); !problem.isEmpty())
            return problem;
    }
    tls.material = std::move(material);
    return {};
}

QSslConfiguration tlsConfiguration(const TlsMaterial &material)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!material.caCertificates.isEmpty()) {
        // In addition to the system's: setting the list replaces Qt's own
        // loading of the system's certificates, so they are listed too
        // (read once per process).
        static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        configuration.setCaCertificates(system + material.caCertificates);
    }
    if (!material.certificateChain.isEmpty()) {
        configuration.setLocalCertificateChain(material.certificateChain);
        configuration.setPrivateKey(material.privateKey);
    }
    return configuration;
}
