// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QJsonObject>

// An endpoint as the endpoints file spells it (docs/endpoints-file.md), every key written.
// Header values keep their `${env:NAME}` templates.
[[nodiscard]] QJsonObject endpointToJson(const Endpoint &endpoint);

// What an endpoint that sets nothing of its own gets from a file's
// `defaults` (name and URL empty): where a new endpoint starts.
[[nodiscard]] Endpoint endpointFromDefaults(const QJsonObject &defaults);

struct OwnObject
{
    QJsonObject object;
    QString error; // a change the file's format cannot express
};

// The object to write for `endpoint` in a file whose `defaults` are these:
// only `name`, `url` and the keys (nested keys for retry, budget, breaker;
// single headers) whose values differ from what the defaults give, so that
// a later change to `defaults` still reaches the endpoint.
[[nodiscard]] OwnObject endpointObject(const Endpoint &endpoint, const QJsonObject &defaults);
