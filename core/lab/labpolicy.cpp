// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/labpolicy.h"

#include "core/config/endpointjson.h"
#include "core/config/endpointparser.h"
#include "core/config/jsonobjectfile.h"
#include "core/util/messagetext.h"

#include <QFileInfo>

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
    JsonObjectFile::Parsed parsed = JsonObjectFile::parse(json, QStringLiteral("a policy must be a JSON object"));
    if (!parsed.problem.isEmpty())
        return refuse(parsed.problem);
    file.object = std::move(parsed.object);
    for (auto it = file.object.constBegin(); it != file.object.constEnd(); ++it) {
        if (!policyKeys().contains(it.key()))
            return refuse(QStringLiteral("%1: not a key a policy may set (%2)")
                              .arg(it.key(), policyKeys().join(QStringLiteral(", "))));
    }
    return file;
}

PolicyFile readPolicyFile(const QString &path)
{
    const JsonObjectFile::Read file = JsonObjectFile::read(path, QStringLiteral("a policy file"));
    if (!file.error.isEmpty()) {
        PolicyFile result;
        result.error = file.error;
        return result;
    }
    return parsePolicy(file.bytes, path);
}

QString applyPolicy(const Endpoint &endpoint, const QJsonObject &policy, Endpoint &result)
{
    // The endpoint's own settings as the file would hold them, less what a
    // replay never sends or reads: its headers and key passphrase may name
    // variables this process does not have, and so may its proxy.
    QJsonObject own = endpointToJson(endpoint);
    own.remove(QStringLiteral("headers"));
    own.remove(QStringLiteral("proxy"));
    own.remove(QStringLiteral("tls"));
    Endpoint merged;
    if (QString problem = parseEndpoint(mergeWithDefaults(own, policy), QProcessEnvironment(), merged);
        !problem.isEmpty())
        return MessageText::oneLine(problem);
    merged.headers = endpoint.headers;
    merged.tls = endpoint.tls;
    merged.proxy = endpoint.proxy;
    result = merged;
    return {};
}

} // namespace Lab
