// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/sharedsweep.h"

#include "core/lab/replay.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

using std::chrono::milliseconds;

namespace Lab {

namespace {

// An answer `variant` takes as plain success: nothing retries, opens, costs
// budget or waits after it. Judged as the replay would meet it (its latency
// with the recording program's overhead); doubtful cases count as failures,
// which only makes a variant run more of the trace itself.
bool plain(const Observation &seen, const Endpoint &variant, milliseconds overhead)
{
    if (seen.category != ErrorCategory::Ok || seen.retryAfter || !seen.httpStatus)
        return false;
    if (seen.rateLimitRemaining && *seen.rateLimitRemaining <= 0)
        return false;
    const int status = *seen.httpStatus;
    if (variant.expectStatus.isEmpty() ? (status < 200 || status > 299) : !variant.expectStatus.contains(status))
        return false;
    const milliseconds took = seen.latency + overhead;
    if (seen.latency >= variant.timeout)
        return false;
    const milliseconds slow = variant.breaker.slowCallDuration;
    return !(variant.breaker.enabled && slow.count() > 0 && took >= slow);
}

// `stretch` less everything outside the known stretches, appended to `to`.
void appendKnown(const Span &stretch, const QList<Span> &known, QList<Span> &to)
{
    for (const Span &span : known) {
        const Span part{std::max(stretch.fromMs, span.fromMs), std::min(stretch.toMs, span.toMs)};
        if (part.length() > 0)
            to.append(part);
    }
}

// The shared cycles a variant's rest stands for, [from, to) of the shared
// run's attempts (each one cycle, a plain success), moved by `shift` ms onto
// the variant's own phase, and when its next cycle starts again.
struct Filling
{
    qsizetype from = 0;
    qsizetype to = 0;
    qint64 shift = 0;
    qint64 resumeMs = 0;
};

// A variant's next cycle was due at the rest's start, inside the restable
// stretch `stretch`. The shared cycle of that stretch nearest to it, moved
// onto it, and those after it that start before the end of the rest, moved
// alike, are the cycles the variant would have made; the next one, moved
// alike, is when it starts again (after the stretch's last shared cycle,
// when the shared run's next one would have started, `nextStartMs`). Its
// phase is then what a whole replay's would be, but for the drift of
// answers a few milliseconds faster or slower at the two phases. Only the
// stretch's own shared cycles will do: one from before the failure that
// ends the previous stretch could be nearer, and moved across that failure
// it would stand for cycles that met it.
Filling filling(const QList<AttemptFacts> &shared, const Span &rest, const Span &stretch,
                std::optional<qint64> nextStartMs, milliseconds interval)
{
    const auto firstFrom = [&shared](qint64 ms) {
        return qsizetype(std::lower_bound(shared.cbegin(), shared.cend(), ms,
                                          [](const AttemptFacts &a, qint64 t) { return a.startMs < t; })
                         - shared.cbegin());
    };
    const qint64 due = rest.fromMs;
    const qsizetype first = firstFrom(stretch.fromMs);
    const qsizetype end = firstFrom(stretch.toMs);
    qsizetype nearest = std::clamp(firstFrom(due), first, end);
    if (nearest > first && (nearest == end || due - shared[nearest - 1].startMs < shared[nearest].startMs - due))
        --nearest;
    if (nearest == end || std::abs(shared[nearest].startMs - due) > interval.count())
        return {0, 0, 0, due}; // no shared cycle near: the variant does not rest
    const qint64 shift = due - shared[nearest].startMs;
    const qsizetype next = std::min(firstFrom(rest.toMs - shift), end);
    const qint64 resume = next < end ? shared[next].startMs + shift : nextStartMs ? *nextStartMs + shift : rest.toMs;
    return {nearest, next, shift, resume};
}

// A variant's figures: its own run's attempts with the shared cycles of its
// rests put in, moved, taken in time order without a merged copy.
Figures filledFigures(const Run &own, const QList<AttemptFacts> &shared, const QList<Filling> &fillings,
                      const ServiceModel &model, const RetryPolicy &policy)
{
    FigureCounter counter(model, policy);
    qsizetype next = 0;
    for (const Filling &f : fillings) {
        const qint64 due = f.from < shared.size() ? shared[f.from].startMs + f.shift : f.resumeMs;
        while (next < own.attempts.size() && own.attempts[next].startMs < due)
            counter.add(own.attempts[next++]);
        for (qsizetype i = f.from; i < f.to; ++i)
            counter.add(shared[i], f.shift);
    }
    while (next < own.attempts.size())
        counter.add(own.attempts[next++]);
    return counter.result();
}

// The restable stretches in `parts` groups of consecutive ones of about the
// same length, so that the shared run is made on every thread.
QList<QList<Span>> split(const QList<Span> &stretches, qsizetype parts)
{
    qint64 total = 0;
    for (const Span &s : stretches)
        total += s.length();
    QList<QList<Span>> groups(1);
    qint64 inGroup = 0;
    for (const Span &s : stretches) {
        if (inGroup * parts >= total && groups.size() < parts) {
            groups.append(QList<Span>());
            inGroup = 0;
        }
        groups.last().append(s);
        inGroup += s.length();
    }
    return groups;
}

} // namespace

QList<Span> restableStretches(const ServiceModel &model, const QList<Endpoint> &variants)
{
    QList<Span> stretches;
    const QList<Observation> &seen = model.observations();
    if (seen.isEmpty() || model.known().isEmpty() || variants.isEmpty())
        return stretches;
    const milliseconds overhead = model.attemptOverhead();
    const auto allPlain = [&](const Observation &o) {
        return std::all_of(variants.begin(), variants.end(), [&](const Endpoint &v) { return plain(o, v, overhead); });
    };
    // Before its first observation, the service answers as in it.
    std::optional<qint64> from;
    for (qsizetype i = 0; i < seen.size(); ++i) {
        const bool good = allPlain(seen[i]);
        if (good && !from)
            from = i == 0 ? model.known().first().fromMs : seen[i].timeMs;
        if (!good && from) {
            appendKnown({*from, seen[i].timeMs}, model.known(), stretches);
            from.reset();
        }
    }
    if (from)
        appendKnown({*from, model.known().last().toMs}, model.known(), stretches);
    return stretches;
}

QList<Figures> sharedReplays(const QList<Endpoint> &variants, const ServiceModel &model, std::uint64_t seed,
                             QThreadPool *pool, const std::atomic_bool *cancel)
{
    if (variants.isEmpty())
        return {};
    const QList<Span> restable = restableStretches(model, variants);
    // A variant rests until an interval before the failure that ends a
    // stretch, and starts again on its own phase (filling()).
    QList<Span> rests;
    for (const Span &stretch : restable) {
        const Span rest{stretch.fromMs, stretch.toMs - variants.first().interval.count()};
        if (rest.length() > 0)
            rests.append(rest);
    }
    QThreadPool *threads = pool ? pool : QThreadPool::globalInstance();
    // First the shared run: the first variant's over the restable stretches
    // only, where every variant at rest makes the same cycles. Each group
    // starts afresh, as each stretch does within a run (all plain successes
    // leave nothing behind), so the groups run in parallel.
    // A stretch ends where a failure is in force, so the shared run stops a
    // millisecond before: a cycle started at its very end would meet the
    // failure, and one run's breaker would carry it into the next stretch.
    // It also starts half an interval in: a recording's answers change about
    // once an interval, a replay's cycles keep that pace, and so the shared
    // cycles then sit midway between two changes, where a variant's cycle
    // up to half an interval either side still meets the answer they met.
    QList<Span> sharedSpans;
    QList<qsizetype> stretchOf; // of each shared span, its restable stretch
    const qint64 half = variants.first().interval.count() / 2;
    for (qsizetype i = 0; i < restable.size(); ++i) {
        const Span part{restable[i].fromMs + half, restable[i].toMs - 1};
        if (part.length() > 0) {
            sharedSpans.append(part);
            stretchOf.append(i);
        }
    }
    const auto sharedPart = [&](const QList<Span> &group) {
        return cancel && cancel->load() ? Run{} : healthyRun(variants.first(), model, seed, group);
    };
    const QList<Run> parts = QtConcurrent::blockingMapped<QList<Run>>(
        threads, split(sharedSpans, 2 * std::max(1, threads->maxThreadCount())),
        std::function<Run(const QList<Span> &)>(sharedPart));
    QList<AttemptFacts> shared;
    qsizetype sharedCycles = 0;
    for (const Run &part : parts)
        sharedCycles += part.attempts.size();
    shared.reserve(sharedCycles); // one list of a day's cycles, not grown and copied again and again
    QList<std::optional<qint64>> nextStart(restable.size());
    qsizetype span = 0;
    for (const Run &part : parts) {
        shared.append(part.attempts);
        for (const std::optional<qint64> &start : part.nextStartMs) {
            if (span < stretchOf.size())
                nextStart[stretchOf[span++]] = start;
        }
    }

    // Then each variant, resting where it can.
    const auto one = [&](const Endpoint &variant) {
        if (cancel && cancel->load())
            return Figures{};
        QList<Filling> fillings;
        const RestCycles restCycles = [&](const Span &rest) {
            const auto in = std::upper_bound(restable.cbegin(), restable.cend(), rest.fromMs,
                                             [](qint64 ms, const Span &r) { return ms < r.fromMs; });
            if (in == restable.cbegin())
                return Resting{0, rest.fromMs};
            const qsizetype stretch = std::prev(in) - restable.cbegin();
            const Filling f = filling(shared, rest, restable[stretch], nextStart[stretch], variant.interval);
            if (f.resumeMs > rest.fromMs)
                fillings.append(f);
            return Resting{f.to - f.from, f.resumeMs};
        };
        const Run own = run(variant, model, seed, model.known(), rests, restCycles, true);
        Figures f = filledFigures(own, shared, fillings, model, variant.retry);
        f.censored = own.censored;
        return f;
    };
    return QtConcurrent::blockingMapped<QList<Figures>>(threads, variants,
                                                        std::function<Figures(const Endpoint &)>(one));
}

} // namespace Lab
