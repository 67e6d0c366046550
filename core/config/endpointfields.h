// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/util/fieldtable.h"

#include <QJsonValue>
#include <QList>

#include <span>

// The keys of one endpoint object (docs/endpoints-file.md), one row each. The
// parser, the writer, mergeWithDefaults and the editor read this table; the
// nested `retry`, `budget` and `breaker` objects have tables of their own.
[[nodiscard]] std::span<const Field<Endpoint>> endpointFields();

// Every key of an endpoint, nested ones by their path ("retry.maxAttempts"),
// with its built-in default as the file writes it: what the editor's fields,
// labels and tooltips and the docs test read.
struct EndpointKey
{
    QString path;
    const FieldInfo *field = nullptr;
    QJsonValue byDefault;
};
[[nodiscard]] const QList<EndpointKey> &endpointKeys();
[[nodiscard]] const EndpointKey *findEndpointKey(QStringView path);

// Why `text` is not a URL an endpoint can poll (http or https, with a host),
// without the key; empty when it is one.
[[nodiscard]] QString urlProblem(const QString &text, QUrl *url = nullptr);
