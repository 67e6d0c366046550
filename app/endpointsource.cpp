// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/endpointsource.h"

#include "core/config/demoendpoints.h"
#include "core/config/endpointsfile.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTcpServer>

namespace {

void adopt(EndpointSource &source, const EndpointsDocument &document, const QString &path)
{
    source.document = document;
    source.endpoints = document.endpoints;
    source.watchPath = path;
}

EndpointSource failed(const QString &error, int exitCode)
{
    EndpointSource source;
    source.error = error;
    source.exitCode = exitCode;
    return source;
}

// A port on 127.0.0.1 that nothing listens on, for the "refused" endpoint.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool targetsDefaultFaultServer(const QList<Endpoint> &endpoints)
{
    return std::any_of(endpoints.begin(), endpoints.end(), [](const Endpoint &e) {
        return e.enabled && e.url.host() == QLatin1String("127.0.0.1") && e.url.port() == defaultFaultServerPort;
    });
}

} // namespace

EndpointSource openEndpointSource(const CommandLine &commandLine, const Clock &clock)
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    EndpointSource source;
    if (commandLine.demo) {
        source.faultServer = std::make_unique<FaultServer>(clock);
        if (!source.faultServer->listen(0))
            return failed(QStringLiteral("cannot start the fault server: %1").arg(source.faultServer->errorString()),
                          1);
        const QByteArray json
            = QJsonDocument(demoEndpointsJson(source.faultServer->url(QStringLiteral("/")), closedPort())).toJson();
        const EndpointsLoadResult demo = EndpointsFile::parse(json, QStringLiteral("built-in demo"), environment);
        Q_ASSERT_X(demo.ok(), "openEndpointSource", qPrintable(demo.error));
        source.document = demo.document;
        source.endpoints = demo.document.endpoints;
        source.notes.append(QStringLiteral("demo: fault server on 127.0.0.1:%1").arg(source.faultServer->port()));
        source.demo = true;
        return source;
    }

    const QString path = commandLine.config.isEmpty() ? EndpointsFile::defaultPath() : commandLine.config;
    if (commandLine.config.isEmpty() && !QFileInfo::exists(path)) {
        // First start: a file with the demo endpoints, aimed at the fault
        // server's default port, which is then started below.
        EndpointsLoadResult demo = EndpointsFile::parse(
            QJsonDocument(demoEndpointsJson(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(defaultFaultServerPort)),
                                            defaultRefusedPort))
                .toJson(),
            path, environment);
        if (const QString error = EndpointsFile::save(path, demo.document); !error.isEmpty())
            return failed(error, 1);
        source.notes.append(QStringLiteral("first start: created %1 with the demo endpoints").arg(path));
        source.demo = true;
    }
    const EndpointsLoadResult loaded = EndpointsFile::load(path, environment);
    if (!loaded.ok()) {
        const QString backupPath = path + QStringLiteral(".bak");
        const EndpointsLoadResult backup = EndpointsFile::load(backupPath, environment); // none: not ok
        if (!backup.ok())
            return failed(loaded.error, 2);
        EndpointSource refused
            = failed(loaded.error
                         + QStringLiteral("; the last good version is kept in %1 (to go back to it: cp '%1' '%2')")
                               .arg(backupPath, path),
                     2);
        refused.watchPath = path;
        refused.backupPath = backupPath;
        refused.backup = backup.document;
        return refused;
    }
    adopt(source, loaded.document, path);
    source.notes.append(QStringLiteral("endpoints from %1").arg(QFileInfo(path).absoluteFilePath()));
    if (targetsDefaultFaultServer(source.endpoints)) {
        auto server = std::make_unique<FaultServer>(clock);
        if (server->listen(defaultFaultServerPort)) {
            source.faultServer = std::move(server);
            source.notes.append(QStringLiteral("started the built-in fault server on 127.0.0.1:%1, which the "
                                               "endpoints file points at")
                                    .arg(defaultFaultServerPort));
        }
    }
    return source;
}

EndpointSource useBackup(EndpointSource refused)
{
    Q_ASSERT(refused.backup);
    refused.error.clear();
    refused.exitCode = 0;
    adopt(refused, *refused.backup, refused.watchPath);
    refused.notes.append(QStringLiteral("endpoints from the backup %1; saving writes %2 (the refused file is kept "
                                        "as %2.corrupt when it is not JSON)")
                             .arg(refused.backupPath, refused.watchPath));
    refused.backup.reset();
    return refused;
}
