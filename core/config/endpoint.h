// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"
#include "core/breaker/retrybudget.h"
#include "core/config/tlssettings.h"
#include "core/policy/responseassertions.h"
#include "core/policy/retrypolicy.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

#include <chrono>

// One endpoint of the endpoints file (docs/endpoints-file.md), fully merged with `defaults`.
// Header values keep their `${env:NAME}` templates: they are resolved at send
// time only, so a resolved secret never sits in a value that can be saved,
// logged or exported.
struct Endpoint
{
    QString name;
    QUrl url;
    QByteArray method = "GET";
    QList<QPair<QString, QString>> headers; // name, value template
    QByteArray body;
    std::chrono::milliseconds interval{5000};
    std::chrono::milliseconds timeout{10000};
    QList<int> expectStatus; // empty = any 2xx
    bool idempotencyKey = false;
    bool enabled = true;
    RetryPolicy retry;
    BudgetPolicy budget;
    BreakerPolicy breaker;
    ResponseAssertions assertions; // the `assert` object
    int tlsExpiryWarningDays = 14; // flag a certificate that expires sooner (0: never)
    TlsSettings tls; // a private CA, a client certificate, the name to verify
    // The `proxy` value as written (it may hold ${env:NAME}, resolved at send
    // time like a header's); empty: the environment decides, as for curl.
    QString proxy;

    // The breaker and budget this endpoint uses: its own, or a shared key's.
    [[nodiscard]] QString breakerName() const { return breaker.key.isEmpty() ? name : breaker.key; }
    [[nodiscard]] QString budgetName() const { return budget.key.isEmpty() ? name : budget.key; }

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};
