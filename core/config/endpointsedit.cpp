// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointsedit.h"

#include "core/config/endpointjson.h"
#include "core/config/endpointparser.h"

#include <QJsonDocument>

namespace {

EndpointsLoadResult revalidate(const EndpointsDocument &document, const QProcessEnvironment &environment)
{
    return EndpointsFile::parse(QJsonDocument(document.toJson()).toJson(QJsonDocument::Compact),
                                QStringLiteral("endpoints"), environment);
}

EndpointsLoadResult refused(const QString &error)
{
    EndpointsLoadResult result;
    result.error = error;
    return result;
}

} // namespace

EndpointsLoadResult EndpointsEdit::put(const EndpointsDocument &document, qsizetype index, const Endpoint &endpoint,
                                       const QProcessEnvironment &environment)
{
    if (index >= document.endpointObjects.size())
        return refused(QStringLiteral("no endpoint at position %1").arg(index));
    const OwnObject own = endpointObject(endpoint, document.defaults);
    if (!own.error.isEmpty())
        return refused(own.error);
    Endpoint check;
    if (QString problem = parseEndpoint(mergeWithDefaults(document.defaults, own.object), environment, check);
        !problem.isEmpty())
        return refused(problem);
    const qsizetype existing = indexOf(document, endpoint.name);
    if (existing >= 0 && existing != index)
        return refused(QStringLiteral("name: \"%1\" is already taken by another endpoint").arg(endpoint.name));

    EndpointsDocument next = document;
    if (index < 0)
        next.endpointObjects.append(own.object);
    else
        next.endpointObjects[index] = own.object;
    return revalidate(next, environment);
}

EndpointsLoadResult EndpointsEdit::remove(const EndpointsDocument &document, qsizetype index,
                                          const QProcessEnvironment &environment)
{
    if (index < 0 || index >= document.endpointObjects.size())
        return refused(QStringLiteral("no endpoint at position %1").arg(index));
    EndpointsDocument next = document;
    next.endpointObjects.removeAt(index);
    return revalidate(next, environment);
}

qsizetype EndpointsEdit::indexOf(const EndpointsDocument &document, const QString &name)
{
    for (qsizetype i = 0; i < document.endpoints.size(); ++i) {
        if (document.endpoints.at(i).name == name)
            return i;
    }
    return -1;
}

QString EndpointsEdit::copyName(const EndpointsDocument &document, const QString &name)
{
    QString candidate = name + QStringLiteral(" (copy)");
    for (int n = 2; indexOf(document, candidate) >= 0; ++n)
        candidate = QStringLiteral("%1 (copy %2)").arg(name).arg(n);
    return candidate;
}
