// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/net/attemptrecord.h"
#include "ui/rollingtablemodel.h"

// The attempt log dock's rows: the most recent attempts, newest last.
class AttemptLogModel final : public RollingTableModel<AttemptRecord>
{
public:
    enum Column {
        Time,
        Endpoint,
        Attempt,
        Outcome,
        Reason,
        Category,
        Status,
        Latency,
        Delay,
        RetryAfter,
        Breaker,
        Error,
        ColumnCount
    };
    static constexpr int defaultCapacity = 20000;

    explicit AttemptLogModel(QObject *parent = nullptr, int capacity = defaultCapacity);

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};

// The transitions dock's rows: time, breaker, from, to, reason.
class TransitionsModel final : public RollingTableModel<BreakerTransition>
{
public:
    enum Column { Time, Breaker, From, To, Reason, ColumnCount };

    explicit TransitionsModel(QObject *parent = nullptr, int capacity = 5000);

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
};
