// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/lagprobe.h"

#include <algorithm>

namespace Bench {

namespace {
constexpr int tickMs = 10;
}

LagProbe::LagProbe()
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(tickMs);
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
        const qint64 now = m_elapsed.elapsed();
        m_lags.push_back(std::max<qint64>(0, now - m_expected));
        m_expected = now + tickMs;
    });
}

void LagProbe::start()
{
    m_lags.clear();
    m_elapsed.start();
    m_expected = tickMs;
    m_timer.start();
}

qint64 LagProbe::at(double p) const
{
    if (m_lags.empty())
        return -1;
    std::vector<qint64> sorted = m_lags;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, std::size_t(p * double(sorted.size())))];
}

} // namespace Bench
