// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/fieldtable.h"
#include "core/util/policyreadresult.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>

#include <chrono>
#include <optional>
#include <span>

// docs/endpoints-file.md's `assert` object: what an answer with an expected
// status must also show to count as `ok` (Gatus' conditions, blackbox
// exporter's body matchers). Every check given must hold; they look at the
// first 1 MiB of the body, as much as is read.
struct ResponseAssertions
{
    QString bodyContains; // empty: no check
    QString jsonPointer; // RFC 6901, e.g. "/status"; empty: no check
    // What the pointer's value must equal; undefined: it need only exist.
    QJsonValue equals = QJsonValue(QJsonValue::Undefined);
    std::chrono::milliseconds maxLatency{0}; // maxLatencyMs; 0: no check

    [[nodiscard]] bool any() const
    {
        return !bodyContains.isEmpty() || !jsonPointer.isEmpty() || maxLatency.count() > 0;
    }
    [[nodiscard]] bool needsBody() const { return !bodyContains.isEmpty() || !jsonPointer.isEmpty(); }

    // One message per problem, naming the key ("assert.jsonPointer: ...").
    [[nodiscard]] QStringList validate() const;
    // Empty when every check holds; otherwise each failed check in words,
    // e.g. `/status is "degraded", expected "ok"`, joined by "; ".
    [[nodiscard]] QString failure(QByteArrayView body, std::chrono::milliseconds latency) const;

    friend bool operator==(const ResponseAssertions &, const ResponseAssertions &) = default;
};

using AssertionsReadResult = PolicyReadResult<ResponseAssertions>;

[[nodiscard]] std::span<const Field<ResponseAssertions>> responseAssertionFields();
[[nodiscard]] AssertionsReadResult readResponseAssertions(const QJsonObject &object,
                                                          const ResponseAssertions &base = {});
[[nodiscard]] QJsonObject toJson(const ResponseAssertions &assertions);

// RFC 6901: why `pointer` is not a JSON Pointer, or empty when it is one.
[[nodiscard]] QString jsonPointerProblem(const QString &pointer);
// A JSON value as compact JSON text: "ok" quoted, numbers, true/false/null,
// objects and arrays on one line. Whole: it reads back as the same value.
[[nodiscard]] QString jsonValueJson(const QJsonValue &value);
// The same for a message, cut at 60 characters.
[[nodiscard]] QString jsonValueText(const QJsonValue &value);
