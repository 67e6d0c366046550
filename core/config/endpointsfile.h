// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/connectivitysettings.h"
#include "core/config/endpoint.h"

#include <QJsonObject>
#include <QProcessEnvironment>

// The endpoints file (docs/endpoints-file.md) as loaded: the parsed, merged endpoints, plus
// the JSON as written, so that saving keeps the user's `defaults` and never
// writes a resolved `${env:NAME}` value.
struct EndpointsDocument
{
    ConnectivitySettings connectivity; // the top-level `connectivity` check
    QJsonObject defaults;
    QList<QJsonObject> endpointObjects; // as written, before merging
    QList<Endpoint> endpoints; // merged with defaults and validated

    [[nodiscard]] QJsonObject toJson() const;
};

struct EndpointsLoadResult
{
    EndpointsDocument document;
    // One line naming the file, the endpoint (index and name) and the key;
    // empty when the file was accepted.
    QString error;

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

namespace EndpointsFile {

// Parses and validates a whole document; `source` names it in messages.
// `${env:NAME}` references must be set in `environment`.
[[nodiscard]] EndpointsLoadResult parse(const QByteArray &json, const QString &source,
                                        const QProcessEnvironment &environment);
[[nodiscard]] EndpointsLoadResult load(const QString &path, const QProcessEnvironment &environment);

// Writes atomically (QSaveFile: a crash leaves the old file or the new one,
// never half of one), first keeping the current file as `<path>.bak`, or as
// `<path>.corrupt` when it is not JSON (the .bak then keeps the last good
// version). The file is made owner-only (0600) when it holds literal
// secrets; copies kept beside it always are. Returns an error message,
// empty on success.
[[nodiscard]] QString save(const QString &path, const EndpointsDocument &document);
// Whether the document holds a secret as written: URL user-info, or a header
// value that is more than ${env:...} references (a scheme word before one,
// as in "Bearer ${env:TOKEN}", does not count).
[[nodiscard]] bool holdsLiteralSecrets(const EndpointsDocument &document);

// docs/endpoints-file.md's default location: AppConfigLocation/endpoints.json.
[[nodiscard]] QString defaultPath();

} // namespace EndpointsFile
