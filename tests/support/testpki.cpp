// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/testpki.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

QString TestPki::openssl(const QStringList &arguments)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (program.isEmpty())
        return QStringLiteral("openssl is not installed: run installer/install-deps.sh");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir.path());
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("openssl %1 failed: %2")
            .arg(arguments.join(u' '), QString::fromLocal8Bit(process.readAll()));
    return {};
}

QString TestPki::makeCa(const QString &name)
{
    return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=%1").arg(name), QStringLiteral("-addext"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign"), QStringLiteral("-keyout"),
                    name + QStringLiteral(".key"), QStringLiteral("-out"), name + QStringLiteral(".pem")});
}

QString TestPki::makeCertificate(const QString &ca, const QString &name, const QString &altNames, const QString &usage,
                                 Key key)
{
    QStringList newKey{QStringLiteral("-newkey"), QStringLiteral("ed25519")};
    if (key == Key::Ec)
        newKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                  QStringLiteral("ec_paramgen_curve:prime256v1")};
    else if (key == Key::Rsa)
        newKey = {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")};
    if (QString problem
        = openssl(QStringList{QStringLiteral("req")} + newKey
                  + QStringList{QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=%1").arg(name),
                                QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                                name + QStringLiteral(".csr")});
        !problem.isEmpty())
        return problem;
    QFile extensions(path(name + QStringLiteral(".ext")));
    if (!extensions.open(QIODevice::WriteOnly))
        return extensions.errorString();
    extensions.write(QStringLiteral("subjectAltName=%1\nextendedKeyUsage=%2\n").arg(altNames, usage).toUtf8());
    extensions.close();
    return openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    name + QStringLiteral(".csr"), QStringLiteral("-CA"), ca + QStringLiteral(".pem"),
                    QStringLiteral("-CAkey"), ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                    name + QStringLiteral(".ext"), QStringLiteral("-out"), name + QStringLiteral(".pem")});
}

QString TestPki::encryptKey(const QString &name, const QString &passphrase)
{
    return openssl({QStringLiteral("pkey"), QStringLiteral("-in"), name + QStringLiteral(".key"),
                    QStringLiteral("-aes256"), QStringLiteral("-passout"), QStringLiteral("pass:") + passphrase,
                    QStringLiteral("-out"), name + QStringLiteral("-encrypted.key")});
}
