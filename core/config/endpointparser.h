// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QJsonObject>
#include <QProcessEnvironment>

// Reads one endpoint object, already merged with `defaults`, into an
// Endpoint; the first problem found, naming its key, or empty.
[[nodiscard]] QString parseEndpoint(const QJsonObject &object, const QProcessEnvironment &environment,
                                    Endpoint &endpoint);

// Checks the keys and types of the `defaults` object (which may omit
// `name` and `url`); the first problem, or empty.
[[nodiscard]] QString checkDefaults(const QJsonObject &defaults, const QProcessEnvironment &environment);

// `defaults` and an endpoint object merged key by key; `retry`, `budget` and
// `breaker` one level deeper, `headers` by header name (case-insensitively,
// the endpoint's spelling winning).
[[nodiscard]] QJsonObject mergeWithDefaults(const QJsonObject &defaults, const QJsonObject &endpoint);
