// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/logmodels.h"

#include "core/store/recordcsv.h"
#include "ui/breakerstyle.h"
#include "ui/cycleendtext.h"

namespace {

QString ms(const std::optional<std::chrono::milliseconds> &value)
{
    return value ? QStringLiteral("%1 ms").arg(value->count()) : QString();
}

QString localTime(const QDateTime &utc)
{
    return utc.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

AttemptLogModel::AttemptLogModel(QObject *parent, int capacity)
    : RollingTableModel(capacity, parent)
{ }

int AttemptLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AttemptRecord &r = at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return localTime(r.timeUtc);
        case Endpoint: return r.endpoint;
        case Attempt: return QStringLiteral("#%1.%2").arg(r.cycle).arg(r.attempt);
        case Outcome: return QString(outcomeName(r.outcome));
        case Reason: return r.reason ? CycleEndText::brief(*r.reason) : QString();
        case Category: return QString(categoryName(r.category));
        case Status: return r.httpStatus ? QVariant(*r.httpStatus) : QVariant();
        case Latency: return ms(r.latency);
        case Delay: return ms(r.delay);
        case RetryAfter: return ms(r.retryAfter);
        case Breaker: return BreakerStyle::label(r.breakerState);
        case Error: return r.error;
        default: return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Breaker)
        return BreakerStyle::icon(r.breakerState);
    if (role == Qt::ToolTipRole) {
        if (index.column() == Reason && r.reason)
            return CycleEndText::explanation(*r.reason);
        if (index.column() == Error && !r.error.isEmpty())
            return r.error;
        return QStringLiteral("%1 UTC · %2").arg(RecordCsv::timestamp(r.timeUtc), r.url);
    }
    return {};
}

QVariant AttemptLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles{tr("Time"),     tr("Endpoint"),    tr("Cycle.attempt"), tr("Outcome"),
                                    tr("Ended by"), tr("Category"),    tr("HTTP"),          tr("Latency"),
                                    tr("Wait"),     tr("Retry-After"), tr("Breaker"),       tr("Error")};
    return titles.value(section);
}

TransitionsModel::TransitionsModel(QObject *parent, int capacity)
    : RollingTableModel(capacity, parent)
{ }

int TransitionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransitionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const BreakerTransition &t = at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return localTime(t.timeUtc);
        case Breaker: return t.breaker;
        case From: return BreakerStyle::label(t.from);
        case To: return BreakerStyle::label(t.to);
        case Reason: return t.reason;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Reason)
        return t.reason; // whole, however narrow the column
    if (role == Qt::DecorationRole && (index.column() == From || index.column() == To))
        return BreakerStyle::icon(index.column() == From ? t.from : t.to);
    return {};
}

QVariant TransitionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList titles{tr("Time"), tr("Breaker"), tr("From"), tr("To"), tr("Reason")};
    return titles.value(section);
}
