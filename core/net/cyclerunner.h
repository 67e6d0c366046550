// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/retrycycle.h"

#include <QObject>

// What the scheduler needs from the client: start and cancel cycles, hear
// when they end and when a breaker wants its probe. An interface so that the
// scheduler can be tested against a scripted runner on a fake clock.
class CycleRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CycleRunner)

public:
    using QObject::QObject;
    ~CycleRunner() override = default;

    // False when this endpoint already has a cycle running.
    virtual bool startCycle(const Endpoint &endpoint) = 0;
    // Ends a running cycle, an attempt in flight recording `why` as its
    // error; cycleFinished() is emitted before this returns.
    virtual void cancelCycle(const QString &endpointName, const QString &why) = 0;

signals:
    void cycleFinished(const CycleResult &result);
    void probeWanted(const QString &breakerName);
};
