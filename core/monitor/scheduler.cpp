// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/scheduler.h"

#include "core/net/cyclerunner.h"

#include <algorithm>

using std::chrono::milliseconds;

namespace {

constexpr std::size_t maxLagSamples = 100000;
constexpr milliseconds spreadWindow{2000};

} // namespace

Scheduler::Scheduler(CycleRunner &runner, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_clock(clock)
{
    m_wakeUp.setSingleShot(true);
    m_wakeUp.setTimerType(Qt::PreciseTimer);
    connect(&m_wakeUp, &QTimer::timeout, this, &Scheduler::tick);
    connect(&m_runner, &CycleRunner::cycleFinished, this, &Scheduler::cycleFinished);
    connect(&m_runner, &CycleRunner::probeWanted, this, &Scheduler::probeWanted);
}

Scheduler::~Scheduler() = default;

Scheduler::Slot *Scheduler::find(const QString &name)
{
    const auto it
        = std::find_if(m_slots.begin(), m_slots.end(), [&name](const Slot &s) { return s.endpoint.name == name; });
    return it == m_slots.end() ? nullptr : &*it;
}

const Scheduler::Slot *Scheduler::find(const QString &name) const
{
    return const_cast<Scheduler *>(this)->find(name);
}

void Scheduler::setEndpoints(const QList<Endpoint> &endpoints)
{
    const Clock::TimePoint now = m_clock.now();
    // Removed endpoints: cancel, then drop.
    for (const Slot &slot : std::vector<Slot>(m_slots)) {
        const bool kept = std::any_of(endpoints.begin(), endpoints.end(),
                                      [&slot](const Endpoint &e) { return e.name == slot.endpoint.name; });
        if (!kept && slot.running)
            m_runner.cancelCycle(slot.endpoint.name);
    }
    std::erase_if(m_slots, [&endpoints](const Slot &slot) {
        return std::none_of(endpoints.begin(), endpoints.end(),
                            [&slot](const Endpoint &e) { return e.name == slot.endpoint.name; });
    });

    QList<const Endpoint *> added;
    for (const Endpoint &endpoint : endpoints) {
        Slot *slot = find(endpoint.name);
        if (!slot) {
            added.append(&endpoint);
            continue;
        }
        if (slot->endpoint == endpoint)
            continue;
        if (slot->running)
            m_runner.cancelCycle(endpoint.name); // finishes synchronously
        slot->endpoint = endpoint;
        slot->due = now;
    }
    // New endpoints: i of N starts at i/N x min(2 s, its interval).
    for (qsizetype i = 0; i < added.size(); ++i) {
        const Endpoint &endpoint = *added[i];
        const auto window = std::min(spreadWindow, endpoint.interval);
        const auto offset = milliseconds(window.count() * i / added.size());
        m_slots.push_back({endpoint, std::max(now + offset, m_deferred.take(endpoint.name)), false, false});
    }
    tick();
}

void Scheduler::pause(const QString &name)
{
    Slot *slot = find(name);
    if (!slot || slot->paused)
        return;
    slot->paused = true;
    if (slot->running)
        m_runner.cancelCycle(name);
    rearm();
}

void Scheduler::resume(const QString &name)
{
    Slot *slot = find(name);
    if (!slot || !slot->paused)
        return;
    slot->paused = false;
    tick();
}

void Scheduler::pauseAll()
{
    for (const QString &name : endpointNames())
        pause(name);
}

void Scheduler::resumeAll()
{
    for (Slot &slot : m_slots)
        slot.paused = false;
    tick();
}

bool Scheduler::isPaused(const QString &name) const
{
    const Slot *slot = find(name);
    return slot && slot->paused;
}

void Scheduler::deferUntil(const QString &name, Clock::TimePoint notBefore)
{
    if (Slot *slot = find(name)) {
        slot->due = std::max(slot->due, notBefore);
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

void Scheduler::startCycle(Slot &slot)
{
    const Clock::TimePoint now = m_clock.now();
    if (m_lags.size() >= maxLagSamples)
        m_lags.erase(m_lags.begin(), m_lags.begin() + maxLagSamples / 2);
    m_lags.push_back(
        std::chrono::duration_cast<milliseconds>(std::max(now - slot.due, Clock::TimePoint::duration::zero())));
    // Marked first: the runner may finish the cycle before returning (a
    // rejection by an open breaker). It declines only while a cycle of this
    // endpoint is still going, whose end then reschedules it.
    slot.running = true;
    m_runner.startCycle(slot.endpoint);
}

void Scheduler::tick()
{
    const Clock::TimePoint now = m_clock.now();
    // Index loop: starting a cycle can finish it synchronously and touch
    // m_slots' contents, never its size.
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot &slot = m_slots[i];
        if (!slot.running && !slot.paused && slot.endpoint.enabled && slot.due <= now)
            startCycle(slot);
    }
    rearm();
}

void Scheduler::rearm()
{
    std::optional<Clock::TimePoint> earliest;
    for (const Slot &slot : m_slots) {
        if (!slot.running && !slot.paused && slot.endpoint.enabled && (!earliest || slot.due < *earliest))
            earliest = slot.due;
    }
    if (!earliest) {
        m_wakeUp.stop();
        return;
    }
    const auto wait = std::chrono::duration_cast<milliseconds>(*earliest - m_clock.now());
    m_wakeUp.start(std::max(wait, milliseconds(0)));
}

void Scheduler::cycleFinished(const CycleResult &result)
{
    Slot *slot = find(result.endpoint);
    if (!slot)
        return; // removed meanwhile
    slot->running = false;
    slot->due = m_clock.now() + slot->endpoint.interval;
    if (result.notBefore)
        slot->due = std::max(slot->due, *result.notBefore);
    rearm();
}

void Scheduler::probeWanted(const QString &breakerName)
{
    for (Slot &slot : m_slots) {
        if (slot.endpoint.breakerName() != breakerName || slot.paused || !slot.endpoint.enabled)
            continue;
        if (!slot.running) {
            startCycle(slot);
            rearm();
        }
        return; // one cycle carries the probe
    }
}
