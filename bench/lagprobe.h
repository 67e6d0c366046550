// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <vector>

namespace Bench {

// How late the event loop runs: a precise 10 ms timer's lateness against
// when it should have fired, one sample per tick from start() on.
class LagProbe
{
public:
    LagProbe();
    void start();
    void stop() { m_timer.stop(); }

    // The lateness at quantile p (0..1) in ms; -1 with no samples.
    [[nodiscard]] qint64 at(double p) const;
    [[nodiscard]] qint64 max() const { return at(1.0); }
    [[nodiscard]] std::size_t samples() const { return m_lags.size(); }

private:
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_expected = 0;
    std::vector<qint64> m_lags;
};

} // namespace Bench
