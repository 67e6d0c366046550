// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <chrono>

// What a restart must not forget (docs/endpoints-file.md): breaker states and
// Retry-After moments, in wall-clock time.
struct PersistedState
{
    struct Breaker
    {
        BreakerState state = BreakerState::Closed;
        QDateTime openUntilUtc;
        std::chrono::milliseconds openDuration{0};
    };
    QHash<QString, Breaker> breakers; // by breaker name
    QHash<QString, QDateTime> notBeforeUtc; // by endpoint name
};
