// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>

// What the policy lab replays: the recorded attempts of each endpoint, read
// from a history database or an attempts CSV (either version), told apart by
// their first bytes.
namespace Lab {

struct RecordingFilter
{
    QStringList endpoints; // empty: all
    QDateTime fromUtc; // invalid: from the start
    QDateTime toUtc; // invalid: to the end
};

struct Recording
{
    QMap<QString, QList<AttemptRecord>> byEndpoint; // in recorded order
    QString error; // one line naming the file; empty when read
};

[[nodiscard]] Recording readRecording(const QString &path, const RecordingFilter &filter);

} // namespace Lab
