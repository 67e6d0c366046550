// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

// Reads an attempt log (docs/attempt-log.md) back into records: version 1
// (16 columns) or version 2, told by the header; columns found by their
// names, so a later version's extra columns are passed over. Every value is
// checked: a bad one is an error naming the line, the column and the value,
// and nothing is returned.
struct AttemptLogRead
{
    QList<AttemptRecord> records;
    int version = 0; // 1 or 2
    QString error; // empty when the whole log was read

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

[[nodiscard]] AttemptLogRead readAttemptLog(QByteArrayView bytes);
