// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/replaymode.h"

#include "core/config/endpointsfile.h"
#include "core/lab/labreport.h"
#include "core/lab/recording.h"
#include "core/util/writeerror.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

namespace {

int fail(const QString &message, int status)
{
    QTextStream(stderr) << "retryscope: " << message << '\n';
    return status;
}

// The endpoints' own settings by name: --config, else the default file when
// there is one; none: every endpoint runs on the defaults.
struct Settings
{
    QMap<QString, Endpoint> byName;
    QString error;
};

Settings readSettings(const QString &config)
{
    Settings settings;
    const QString path = config.isEmpty() ? EndpointsFile::defaultPath() : config;
    if (config.isEmpty() && !QFileInfo::exists(path))
        return settings;
    const EndpointsLoadResult loaded = EndpointsFile::load(path, QProcessEnvironment::systemEnvironment());
    if (!loaded.ok()) {
        settings.error = loaded.error;
        return settings;
    }
    for (const Endpoint &endpoint : loaded.document.endpoints)
        settings.byName.insert(endpoint.name, endpoint);
    return settings;
}

QString writeCsv(const QString &path, const QByteArray &csv)
{
    // Whole or not at all: QSaveFile leaves any earlier file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (const QString reason = WriteError::writeAll(file, csv); !reason.isEmpty())
        return QStringLiteral("%1: cannot write: %2").arg(path, reason);
    errno = 0;
    if (!file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(path, WriteError::reason(file, errno));
    return {};
}

} // namespace

int runReplay(int &argc, char **argv, const CommandLine &commandLine)
{
    const QCoreApplication app(argc, argv);
    const CommandLine::Replay &options = commandLine.replay;
    QList<Lab::PolicyFile> policies;
    for (const QString &path : options.policies) {
        Lab::PolicyFile policy = Lab::readPolicyFile(path);
        if (!policy.ok())
            return fail(policy.error, 2);
        policies.append(std::move(policy));
    }
    const Settings settings = readSettings(commandLine.config);
    if (!settings.error.isEmpty())
        return fail(settings.error, 2);
    const Lab::Recording recording
        = Lab::readRecording(options.input, {options.endpoints, options.fromUtc, options.toUtc});
    if (!recording.error.isEmpty())
        return fail(recording.error, 1);
    for (const QString &name : options.endpoints) {
        if (!recording.byEndpoint.contains(name))
            return fail(QStringLiteral("%1: nothing recorded for endpoint '%2' in that time").arg(options.input, name),
                        1);
    }
    if (recording.byEndpoint.isEmpty())
        return fail(QStringLiteral("%1: no attempts recorded in that time").arg(options.input), 1);

    const Lab::Report report = Lab::buildReport(recording.byEndpoint, settings.byName, policies, options.seed);
    if (!report.error.isEmpty())
        return fail(report.error, 2);
    QTextStream(stdout) << Lab::reportTable(report.rows);
    for (const Lab::ReportRow &row : report.rows) {
        if (row.fit == QLatin1String("poor"))
            QTextStream(stdout) << "\n"
                                << row.endpoint
                                << ": the model does not fit this trace: replaying the current policy misses the "
                                   "recording by more than 5 %, so read its figures with care\n";
    }
    if (!options.reportCsv.isEmpty()) {
        if (const QString error = writeCsv(options.reportCsv, Lab::reportCsv(report.rows)); !error.isEmpty())
            return fail(error, 1);
    }
    return 0;
}
