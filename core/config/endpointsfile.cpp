// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointsfile.h"

#include "core/config/endpointparser.h"
#include "core/config/jsonobjectfile.h"
#include "core/util/messagetext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

#include <cerrno>

namespace {

QString where(qsizetype index, const QJsonObject &object)
{
    const QJsonValue name = object.value(QLatin1String("name"));
    if (name.isString())
        return QStringLiteral("endpoints[%1] (\"%2\")").arg(index).arg(name.toString());
    return QStringLiteral("endpoints[%1]").arg(index);
}

// Endpoints naming the same key must give it identical settings (docs/endpoints-file.md).
template<typename Policy>
QString sharedKeyConflict(const QList<Endpoint> &endpoints, const QList<QJsonObject> &objects, qsizetype index,
                          const char *what, Policy Endpoint::*member)
{
    const Policy &mine = endpoints[index].*member;
    if (mine.key.isEmpty())
        return {};
    for (qsizetype other = 0; other < index; ++other) {
        const Policy &theirs = endpoints[other].*member;
        if (theirs.key == mine.key && !(theirs == mine)) {
            return QStringLiteral("%1: %2: settings differ from %3, which shares %2.key \"%4\"")
                .arg(where(index, objects[index]), QLatin1String(what), where(other, objects[other]), mine.key);
        }
    }
    return {};
}

} // namespace

QJsonObject EndpointsDocument::toJson() const
{
    QJsonArray list;
    for (const QJsonObject &object : endpointObjects)
        list.append(object);
    QJsonObject root{{QStringLiteral("version"), 1}};
    if (connectivity.enabled())
        root.insert(QStringLiteral("connectivity"), ::toJson(connectivity));
    if (!defaults.isEmpty())
        root.insert(QStringLiteral("defaults"), defaults);
    root.insert(QStringLiteral("endpoints"), list);
    return root;
}

EndpointsLoadResult EndpointsFile::parse(const QByteArray &json, const QString &source,
                                         const QProcessEnvironment &environment)
{
    EndpointsLoadResult result;
    const auto refuse = [&result, &source](const QString &problem) {
        // The problem quotes keys and values from the file: kept to one line.
        result.error = MessageText::oneLine(source + QStringLiteral(": ") + problem);
        return result;
    };

    const JsonObjectFile::Parsed parsed
        = JsonObjectFile::parse(json, QStringLiteral("the top level must be a JSON object"));
    if (!parsed.problem.isEmpty())
        return refuse(parsed.problem);
    const QJsonObject &root = parsed.object;
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.key() != QLatin1String("version") && it.key() != QLatin1String("defaults")
            && it.key() != QLatin1String("endpoints") && it.key() != QLatin1String("connectivity"))
            return refuse(QStringLiteral("%1: unknown key").arg(it.key()));
    }
    const QJsonValue version = root.value(QLatin1String("version"));
    if (version.isUndefined())
        return refuse(QStringLiteral("version: missing (must be 1)"));
    if (!version.isDouble() || version.toDouble() != 1.0)
        return refuse(
            QStringLiteral("version: must be 1 (got %1)")
                .arg(version.isDouble() ? QString::number(version.toDouble()) : QStringLiteral("a non-number")));
    if (QString problem = readConnectivity(root.value(QLatin1String("connectivity")), result.document.connectivity);
        !problem.isEmpty())
        return refuse(problem);
    const QJsonValue defaults = root.value(QLatin1String("defaults"));
    if (!defaults.isUndefined() && !defaults.isObject())
        return refuse(QStringLiteral("defaults: expected an object"));
    result.document.defaults = defaults.toObject();
    if (QString problem = checkDefaults(result.document.defaults, environment); !problem.isEmpty())
        return refuse(QStringLiteral("defaults: ") + problem);

    const QJsonValue list = root.value(QLatin1String("endpoints"));
    if (list.isUndefined())
        return refuse(QStringLiteral("endpoints: missing (an array of endpoints)"));
    if (!list.isArray())
        return refuse(QStringLiteral("endpoints: expected an array"));
    const QJsonArray array = list.toArray();
    QHash<QString, qsizetype> names;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return refuse(QStringLiteral("endpoints[%1]: expected an object").arg(i));
        const QJsonObject object = array.at(i).toObject();
        Endpoint endpoint;
        const QString problem
            = parseEndpoint(mergeWithDefaults(result.document.defaults, object), environment, endpoint);
        if (!problem.isEmpty())
            return refuse(where(i, object) + QStringLiteral(": ") + problem);
        if (names.contains(endpoint.name))
            return refuse(QStringLiteral("%1: name: duplicate of endpoints[%2]")
                              .arg(where(i, object))
                              .arg(names.value(endpoint.name)));
        names.insert(endpoint.name, i);
        result.document.endpointObjects.append(object);
        result.document.endpoints.append(endpoint);
        const auto &endpoints = result.document.endpoints;
        const auto &objects = result.document.endpointObjects;
        if (QString conflict = sharedKeyConflict(endpoints, objects, i, "breaker", &Endpoint::breaker);
            !conflict.isEmpty())
            return refuse(conflict);
        if (QString conflict = sharedKeyConflict(endpoints, objects, i, "budget", &Endpoint::budget);
            !conflict.isEmpty())
            return refuse(conflict);
    }
    return result;
}

EndpointsLoadResult EndpointsFile::load(const QString &path, const QProcessEnvironment &environment)
{
    const JsonObjectFile::Read file = JsonObjectFile::read(path, QStringLiteral("an endpoints file"));
    if (!file.error.isEmpty()) {
        EndpointsLoadResult result;
        result.error = file.error;
        return result;
    }
    return parse(file.bytes, path, environment);
}

bool EndpointsFile::holdsLiteralSecrets(const EndpointsDocument &document)
{
    static const QRegularExpression reference(QStringLiteral("\\$\\{env:[^}]*\\}"));
    static const QRegularExpression schemeWord(QStringLiteral("^[A-Za-z][A-Za-z0-9-]*$"));
    const auto literal = [](const QJsonObject &object) {
        if (QUrl(object.value(QLatin1String("url")).toString()).userInfo().size() > 0)
            return true;
        const QJsonObject headers = object.value(QLatin1String("headers")).toObject();
        for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
            const QString value = it.value().toString();
            const QString rest = QString(value).remove(reference).trimmed();
            // "Bearer ${env:TOKEN}": a scheme word before a reference is no secret.
            if (!rest.isEmpty() && !(rest.size() < value.trimmed().size() && schemeWord.match(rest).hasMatch()))
                return true;
        }
        return false;
    };
    return literal(document.defaults)
        || std::any_of(document.endpointObjects.cbegin(), document.endpointObjects.cend(), literal);
}

QString EndpointsFile::save(const QString &path, const EndpointsDocument &document)
{
    const QFileInfo info(path);
    errno = 0;
    if (!QDir().mkpath(info.absolutePath())) {
        const int reason = errno; // mkdir(2)'s: a read-only file system, a permission
        return QStringLiteral("%1: cannot create folder %2: %3")
            .arg(path, info.absolutePath(), reason ? qt_error_string(reason) : QStringLiteral("unknown reason"));
    }
    constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (info.exists()) {
        // The previous version becomes the .bak, unless it is not even JSON
        // (a crash of another editor, a bad hand edit): then the .bak keeps
        // the last good version and the broken file is kept beside it.
        QFile current(path);
        if (!current.open(QIODevice::ReadOnly))
            return QStringLiteral("%1: cannot read the previous version: %2; nothing was written")
                .arg(path, current.errorString());
        const QByteArray previous = current.read(JsonObjectFile::maxFileBytes);
        QJsonParseError parseError{};
        QJsonDocument::fromJson(previous, &parseError);
        const QString keep = path
            + (parseError.error == QJsonParseError::NoError ? QStringLiteral(".bak") : QStringLiteral(".corrupt"));
        // Atomically too (a kill -9 mid-copy once left half a .bak), and
        // owner-only from the start: it may hold secrets.
        QSaveFile copy(keep);
        if (!copy.open(QIODevice::WriteOnly) || !copy.setPermissions(ownerOnly)
            || copy.write(previous) != previous.size() || !copy.commit())
            return QStringLiteral("%1: cannot keep the previous version as %2: %3; nothing was written")
                .arg(path, keep, copy.errorString());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    // Literal header values and URL passwords: readable by the owner only.
    if (holdsLiteralSecrets(document) && !file.setPermissions(ownerOnly))
        return QStringLiteral("%1: cannot make it readable by its owner only: %2").arg(path, file.errorString());
    file.write(QJsonDocument(document.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

QString EndpointsFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/endpoints.json");
}
