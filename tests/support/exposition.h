// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>

// The samples of a Prometheus exposition (text or OpenMetrics) by
// "name{labels}" as written, for tests that check scraped figures.
[[nodiscard]] QHash<QByteArray, double> exposedSamples(const QByteArray &exposition);
