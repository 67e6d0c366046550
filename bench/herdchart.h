// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include "bench/herdlab.h"

// The lab's picture, drawn with Qt Charts (offscreen works): arrivals per
// 100 ms over time for each jitter mode, without and with the guards, and
// per mode the attempts per client and the time until every client
// succeeded.
namespace HerdChart {

struct Run
{
    HerdLab::Variant variant;
    HerdLab::Result result; // one seed, for the time series
    double attemptsPerClient = 0; // means over the seeds
    double allSucceededSeconds = 0;
};

// Writes a PNG; returns an error message, empty on success.
[[nodiscard]] QString save(const QString &path, const HerdLab::Scenario &scenario, const QList<Run> &runs);

} // namespace HerdChart
