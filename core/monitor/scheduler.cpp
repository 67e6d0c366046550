// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/scheduler.h"

#include "core/net/cyclerunner.h"

#include <QSet>

#include <algorithm>

using std::chrono::milliseconds;

namespace {

constexpr std::size_t maxLagSamples = 100000;

} // namespace

Scheduler::Scheduler(CycleRunner &runner, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_clock(clock)
    , m_wakeUp(clock.timer([this] { wokeUp(); }))
{
    connect(&m_runner, &CycleRunner::cycleFinished, this, &Scheduler::cycleFinished);
    connect(&m_runner, &CycleRunner::probeWanted, this, &Scheduler::probeWanted);
}

Scheduler::~Scheduler() = default;

bool Scheduler::waits(const Slot &slot)
{
    return !slot.running && !slot.paused && slot.endpoint.enabled;
}

template<typename Change> void Scheduler::update(std::size_t index, Change &&change)
{
    Slot &slot = m_slots[index];
    if (waits(slot))
        m_queue.erase({slot.due, index});
    change(slot);
    if (waits(slot))
        m_queue.insert({slot.due, index});
}

void Scheduler::rebuildIndex()
{
    m_index.clear();
    m_queue.clear();
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        m_index.insert(m_slots[i].endpoint.name, i);
        if (waits(m_slots[i]))
            m_queue.insert({m_slots[i].due, i});
    }
}

std::optional<std::size_t> Scheduler::indexOf(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.cend() ? std::nullopt : std::optional<std::size_t>(*it);
}

const Scheduler::Slot *Scheduler::find(const QString &name) const
{
    const auto index = indexOf(name);
    return index ? &m_slots[*index] : nullptr;
}

void Scheduler::setEndpoints(const QList<Endpoint> &endpoints)
{
    const Clock::TimePoint now = m_clock.now();
    QSet<QString> names;
    names.reserve(endpoints.size());
    for (const Endpoint &e : endpoints)
        names.insert(e.name);
    // Removed endpoints: cancel, then drop.
    for (const Slot &slot : std::vector<Slot>(m_slots)) {
        if (!names.contains(slot.endpoint.name) && slot.running)
            m_runner.cancelCycle(slot.endpoint.name, QStringLiteral("the endpoint was removed"));
    }
    std::erase_if(m_slots, [&names](const Slot &slot) { return !names.contains(slot.endpoint.name); });
    rebuildIndex();

    QList<const Endpoint *> added;
    for (const Endpoint &endpoint : endpoints) {
        const auto index = indexOf(endpoint.name);
        if (!index) {
            added.append(&endpoint);
            continue;
        }
        if (m_slots[*index].endpoint == endpoint)
            continue;
        if (m_slots[*index].running)
            m_runner.cancelCycle(endpoint.name,
                                 QStringLiteral("the endpoint was changed; it starts again with "
                                                "its new settings")); // finishes synchronously
        update(*index, [&](Slot &slot) {
            slot.endpoint = endpoint;
            slot.due = now;
        });
    }
    // New endpoints: i of N starts at i/N x min(2 s, its interval).
    for (qsizetype i = 0; i < added.size(); ++i) {
        const Endpoint &endpoint = *added[i];
        const auto window = std::min(LateWake::spreadWindow, endpoint.interval);
        const auto offset = milliseconds(window.count() * i / added.size());
        const Clock::TimePoint notBefore = m_deferred.take(endpoint.name);
        m_slots.push_back({endpoint, std::max(now + offset, notBefore), notBefore, false, false});
    }
    rebuildIndex();
    tick();
}

void Scheduler::pause(const QString &name)
{
    const auto index = indexOf(name);
    if (!index || m_slots[*index].paused)
        return;
    update(*index, [](Slot &slot) { slot.paused = true; });
    if (m_slots[*index].running)
        m_runner.cancelCycle(name, QStringLiteral("the endpoint was paused"));
    rearm();
}

void Scheduler::resume(const QString &name)
{
    const auto index = indexOf(name);
    if (!index || !m_slots[*index].paused)
        return;
    update(*index, [](Slot &slot) { slot.paused = false; });
    tick();
}

void Scheduler::pauseAll()
{
    for (const QString &name : endpointNames())
        pause(name);
}

void Scheduler::resumeAll()
{
    for (std::size_t i = 0; i < m_slots.size(); ++i)
        update(i, [](Slot &slot) { slot.paused = false; });
    tick();
}

bool Scheduler::isPaused(const QString &name) const
{
    const Slot *slot = find(name);
    return slot && slot->paused;
}

void Scheduler::deferUntil(const QString &name, Clock::TimePoint notBefore)
{
    if (const auto index = indexOf(name)) {
        update(*index, [notBefore](Slot &slot) {
            slot.due = std::max(slot.due, notBefore);
            slot.notBefore = std::max(slot.notBefore, notBefore);
        });
        rearm();
    } else {
        m_deferred.insert(name, std::max(notBefore, m_deferred.value(name)));
    }
}

std::optional<Clock::TimePoint> Scheduler::nextDue(const QString &name) const
{
    const Slot *slot = find(name);
    if (!slot || slot->running || slot->paused || !slot->endpoint.enabled)
        return std::nullopt;
    return slot->due;
}

QStringList Scheduler::endpointNames() const
{
    QStringList names;
    for (const Slot &slot : m_slots)
        names.append(slot.endpoint.name);
    return names;
}

void Scheduler::startCycle(std::size_t index)
{
    const Clock::TimePoint now = m_clock.now();
    if (m_lags.size() >= maxLagSamples)
        m_lags.erase(m_lags.begin(), m_lags.begin() + maxLagSamples / 2);
    const Clock::TimePoint due = m_slots[index].due;
    m_lags.push_back(std::chrono::duration_cast<milliseconds>(std::max(now - due, Clock::TimePoint::duration::zero())));
    // Marked first: the runner may finish the cycle before returning (a
    // rejection by an open breaker). It declines only while a cycle of this
    // endpoint is still going, whose end then reschedules it.
    update(index, [this, now](Slot &slot) {
        slot.running = true;
        // Early by coalescing only: a probe started at once is not "early".
        const auto early = slot.due - now;
        slot.early = early > Clock::TimePoint::duration::zero() && early <= m_coalescing
            ? early
            : Clock::TimePoint::duration::zero();
    });
    m_runner.startCycle(m_slots[index].endpoint);
}

void Scheduler::setOnline(bool online, const QString &reason)
{
    if (online == !m_offline)
        return;
    m_offline = !online;
    if (m_offline) {
        m_wakeUp->stop();
        for (const Slot &slot : std::vector<Slot>(m_slots)) {
            if (slot.running)
                m_runner.cancelCycle(slot.endpoint.name, QStringLiteral("the machine went offline: ") + reason);
        }
        return;
    }
    std::vector<std::size_t> waiting;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (waits(m_slots[i]))
            waiting.push_back(i);
    }
    spread(waiting, m_clock.now());
    tick();
}

void Scheduler::spread(const std::vector<std::size_t> &indices, Clock::TimePoint now)
{
    const auto count = static_cast<qint64>(indices.size());
    for (qint64 i = 0; i < count; ++i) {
        update(indices[std::size_t(i)], [&](Slot &slot) {
            const auto window = std::min(LateWake::spreadWindow, slot.endpoint.interval);
            slot.due = std::max(now + milliseconds(window.count() * i / count), slot.notBefore);
        });
    }
}

void Scheduler::wokeUp()
{
    const milliseconds late = LateWake::lateness(m_clock, m_wakeUpDue);
    if (late > LateWake::threshold && !m_offline) {
        // Everything that fell due while the process did not run would
        // start in this one instant: spread it as at start instead.
        const Clock::TimePoint now = m_clock.now();
        std::vector<std::size_t> overdue;
        for (const auto &[due, index] : m_queue) {
            if (due > now)
                break;
            overdue.push_back(index);
        }
        std::sort(overdue.begin(), overdue.end()); // in the endpoints' order, as at start
        spread(overdue, now);
        m_spreadUntil = now + LateWake::spreadWindow;
        emit wokeLate(late, static_cast<int>(overdue.size()));
    }
    tick();
}

void Scheduler::tick()
{
    if (m_offline)
        return; // nothing starts until the check passes again
    const Clock::TimePoint now = m_clock.now();
    // Starting a cycle can finish it synchronously and put the slot back in
    // the queue, always later than now (intervals are at least 100 ms).
    while (!m_queue.empty() && m_queue.begin()->first <= now + m_coalescing)
        startCycle(m_queue.begin()->second);
    rearm();
}

void Scheduler::rearm()
{
    if (m_queue.empty() || m_offline) {
        m_wakeUp->stop();
        return;
    }
    const auto wait
        = std::max(std::chrono::duration_cast<milliseconds>(m_queue.begin()->first - m_clock.now()), milliseconds(0));
    m_wakeUpDue = LateWake::after(m_clock, wait);
    m_wakeUp->start(wait);
}

void Scheduler::cycleFinished(const CycleResult &result)
{
    const auto index = indexOf(result.endpoint);
    if (!index)
        return; // removed meanwhile
    const Clock::TimePoint now = m_clock.now();
    update(*index, [&](Slot &slot) {
        slot.running = false;
        slot.due = now + slot.endpoint.interval + slot.early;
        if (result.notBefore) {
            slot.due = std::max(slot.due, *result.notBefore);
            slot.notBefore = *result.notBefore;
        }
    });
    rearm();
}

void Scheduler::probeWanted(const QString &breakerName)
{
    if (m_offline)
        return; // the breaker waits; back online, its endpoint starts again and probes
    // A probe that fell due while the process did not run takes its turn in
    // the spread of everything else that fell due.
    if (m_wakeUp->isActive() && LateWake::lateness(m_clock, m_wakeUpDue) > LateWake::threshold)
        wokeUp();
    const Clock::TimePoint now = m_clock.now();
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        const Slot &slot = m_slots[i];
        if (slot.endpoint.breakerName() != breakerName || slot.paused || !slot.endpoint.enabled)
            continue;
        if (!slot.running && !(now < m_spreadUntil && slot.due > now)) {
            startCycle(i);
            rearm();
        }
        return; // one cycle carries the probe
    }
}
