// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/labpolicy.h"

#include "core/config/endpointjson.h"
#include "core/config/endpointparser.h"
#include "core/config/endpointsfile.h"
#include "core/util/messagetext.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace Lab {

namespace {

const QStringList &policyKeys()
{
    static const QStringList keys{QStringLiteral("intervalMs"), QStringLiteral("timeoutMs"), QStringLiteral("retry"),
                                  QStringLiteral("budget"), QStringLiteral("breaker")};
    return keys;
}

} // namespace

PolicyFile parsePolicy(const QByteArray &json, const QString &source)
{
    PolicyFile file;
    file.name = QFileInfo(source).fileName();
    const auto refuse = [&file, &source](const QString &problem) {
        file.error = MessageText::oneLine(source + QStringLiteral(": ") + problem);
        return file;
    };
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refuse(QStringLiteral("%1: JSON syntax error: %2")
                          .arg(EndpointsFile::position(json, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        return refuse(QStringLiteral("a policy must be a JSON object"));
    file.object = document.object();
    for (auto it = file.object.constBegin(); it != file.object.constEnd(); ++it) {
        if (!policyKeys().contains(it.key()))
            return refuse(QStringLiteral("%1: not a key a policy may set (%2)")
                              .arg(it.key(), policyKeys().join(QStringLiteral(", "))));
    }
    return file;
}

PolicyFile readPolicyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        PolicyFile result;
        result.error = MessageText::oneLine(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        return result;
    }
    if (file.size() > EndpointsFile::maxFileBytes) {
        PolicyFile result;
        result.error = MessageText::oneLine(
            QStringLiteral("%1: larger than %2 bytes; not a policy file").arg(path).arg(EndpointsFile::maxFileBytes));
        return result;
    }
    return parsePolicy(file.readAll(), path);
}

QString applyPolicy(const Endpoint &endpoint, const QJsonObject &policy, Endpoint &result)
{
    // The endpoint's own settings as the file would hold them, less what a
    // replay never sends: its headers may name variables this process
    // does not have.
    QJsonObject own = endpointToJson(endpoint);
    own.remove(QStringLiteral("headers"));
    Endpoint merged;
    if (QString problem = parseEndpoint(mergeWithDefaults(own, policy), QProcessEnvironment(), merged);
        !problem.isEmpty())
        return MessageText::oneLine(problem);
    merged.headers = endpoint.headers;
    result = merged;
    return {};
}

} // namespace Lab
