// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QJsonObject>
#include <QString>

// A candidate policy for the policy lab: a JSON object with any of
// intervalMs, timeoutMs, retry, budget and breaker, merged key by key over
// an endpoint's own settings as `defaults` are (retry.maxAttempts alone
// changes only that key of the endpoint's retry policy).
namespace Lab {

struct PolicyFile
{
    QString name; // the file's base name, extension included: "one-attempt.json"
    QJsonObject object;
    QString error; // "path: problem", one line; empty when read

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

// Reads and checks a policy file: JSON, an object, only the keys a policy may
// set. Whether the values are valid is known once merged (apply()).
[[nodiscard]] PolicyFile readPolicyFile(const QString &path);
// The same from bytes, `source` naming them in messages.
[[nodiscard]] PolicyFile parsePolicy(const QByteArray &json, const QString &source);

// `endpoint` under `policy`; the first problem naming its key
// ("retry.maxAttempts: must be from 1 to 100 (got 0)"), or empty.
[[nodiscard]] QString applyPolicy(const Endpoint &endpoint, const QJsonObject &policy, Endpoint &result);

} // namespace Lab
