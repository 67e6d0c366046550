// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QSortFilterProxyModel>
#include <QWidget>

class AttemptLogModel;
class QComboBox;

// Narrows the attempt log to one endpoint, category and/or outcome.
class AttemptFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptFilterProxy)

public:
    explicit AttemptFilterProxy(AttemptLogModel *source, QObject *parent = nullptr);
    ~AttemptFilterProxy() override;

    void setFilter(const QString &endpoint, std::optional<ErrorCategory> category,
                   std::optional<AttemptOutcome> outcome);
    [[nodiscard]] const AttemptRecord &record(int proxyRow) const;

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    AttemptLogModel *m_source;
    QString m_endpoint;
    std::optional<ErrorCategory> m_category;
    std::optional<AttemptOutcome> m_outcome;
};

// The three combo boxes above the attempt log.
class AttemptFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptFilterBar)

public:
    explicit AttemptFilterBar(AttemptFilterProxy *proxy, QWidget *parent = nullptr);
    ~AttemptFilterBar() override;

    // The endpoint choices follow the monitor's set.
    void setEndpoints(const QStringList &names);

private:
    void apply();

    AttemptFilterProxy *m_proxy;
    QComboBox *m_endpoint = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_outcome = nullptr;
};
