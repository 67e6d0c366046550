// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/retrycycle.h"

#include "core/breaker/circuitbreaker.h"
#include "core/breaker/learnoutcome.h"
#include "core/breaker/retrybudget.h"
#include "core/config/headertemplate.h"
#include "core/policy/errorclassifier.h"
#include "core/policy/retryafter.h"

#include <QUuid>

#include <cmath>

using std::chrono::milliseconds;

RetryCycle::RetryCycle(const Endpoint &endpoint, qint64 number, CycleContext context, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_number(number)
    , m_context(std::move(context))
    , m_backoff(endpoint.retry, m_context.random)
    , m_wait(m_context.clock.timer([this] { waitEnded(); }))
{
    if (m_endpoint.idempotencyKey)
        m_idempotencyKey = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

RetryCycle::~RetryCycle() = default;

void RetryCycle::start()
{
    // An endpoint sharing this budget found the quota exhausted: the cycle's
    // first request waits for the reset too. A wait beyond maxRetryAfterMs is
    // not taken (the next cycle is deferred by at most that much, and this
    // endpoint's own deferral already was).
    if (const auto wait = pacingWait(); wait && *wait <= m_endpoint.retry.maxRetryAfter) {
        m_quotaWaitUntil = m_context.clock.now() + *wait;
        waitFor(*wait);
        return;
    }
    nextAttempt();
}

void RetryCycle::waitFor(milliseconds wait)
{
    m_waiting = true;
    m_waitDue = LateWake::after(m_context.clock, wait);
    m_wait->start(wait);
}

void RetryCycle::waitEnded()
{
    if (m_context.wokeLate && LateWake::lateness(m_context.clock, m_waitDue) > LateWake::threshold) {
        m_context.wokeLate(); // still waiting: resumeIn() takes it from here
        return;
    }
    m_waiting = false;
    nextAttempt();
}

bool RetryCycle::isOverdue() const
{
    return m_waiting && !m_done && LateWake::lateness(m_context.clock, m_waitDue) >= milliseconds(0);
}

void RetryCycle::resumeIn(milliseconds wait)
{
    if (!m_waiting || m_done)
        return;
    if (m_quotaWaitUntil)
        m_quotaWaitUntil = m_context.clock.now() + wait;
    waitFor(wait);
}

std::optional<milliseconds> RetryCycle::pacingWait() const
{
    if (!m_endpoint.retry.respectRateLimit || !m_context.quotaResetAt || !*m_context.quotaResetAt)
        return std::nullopt;
    // Rounded up: the request never leaves before the moment.
    const auto left = std::chrono::ceil<milliseconds>(**m_context.quotaResetAt - m_context.clock.now());
    return left.count() > 0 ? std::optional<milliseconds>(left) : std::nullopt;
}

void RetryCycle::learnQuota(const RateLimitQuota &quota)
{
    if (!m_endpoint.retry.respectRateLimit || !m_context.quotaResetAt)
        return;
    std::optional<Clock::TimePoint> &resetAt = *m_context.quotaResetAt;
    if (quota.remaining > 0) {
        resetAt.reset(); // quota left: whatever was exhausted has reset
        return;
    }
    if (!quota.reset || quota.reset->count() <= 0)
        return;
    const milliseconds spread = maxPacingJitter(*quota.reset);
    const auto jitter = milliseconds(std::llround(m_context.random.uniform(0.0, double(spread.count()))));
    resetAt = m_context.clock.now() + *quota.reset + jitter;
}

void RetryCycle::cancel(const QString &why)
{
    if (m_done)
        return;
    m_wait->stop();
    if (m_attempt && m_attempt->isRunning()) {
        m_attempt->cancel(why); // reports the cancelled attempt, then finishes the cycle
        return;
    }
    finish(AttemptOutcome::Failed, CycleEndReason::Cancelled);
}

AttemptRecord RetryCycle::newRecord() const
{
    AttemptRecord record;
    record.timeUtc = m_attemptStartUtc;
    record.endpoint = m_endpoint.name;
    record.method = m_endpoint.method;
    record.url = m_context.redactedUrl.isEmpty() ? redactedUrl(m_endpoint.url) : m_context.redactedUrl;
    record.cycle = m_number;
    record.attempt = m_attemptNumber;
    record.breakerState = m_breakerStateAtAttempt;
    record.breaker = m_context.breaker.name();
    return record;
}

std::optional<AttemptRequest> RetryCycle::buildRequest(QString *problem) const
{
    AttemptRequest request;
    request.url = m_endpoint.url;
    request.method = m_endpoint.method;
    request.body = m_endpoint.body;
    request.timeout = m_endpoint.timeout;
    request.maxBodyBytes = m_context.maxBodyBytes;
    request.keepBody = m_endpoint.assertions.needsBody();
    request.atMostOnce = !ErrorClassifier::mayRepeat(m_endpoint.method, m_endpoint.idempotencyKey,
                                                     m_endpoint.retry.retryNonIdempotent);
    for (const auto &[name, valueTemplate] : m_endpoint.headers) {
        QString missing;
        const auto value = HeaderTemplate::resolve(valueTemplate, m_context.environment, &missing);
        if (!value) {
            *problem = QStringLiteral("header %1: environment variable %2 is not set").arg(name, missing);
            return std::nullopt;
        }
        request.headers.append({name.toLatin1(), value->toUtf8()});
    }
    if (!m_idempotencyKey.isEmpty())
        request.headers.append({QByteArrayLiteral("Idempotency-Key"), m_idempotencyKey});
    if (!m_endpoint.proxy.isEmpty()) {
        QString missing;
        const auto proxy = HeaderTemplate::resolve(m_endpoint.proxy, m_context.environment, &missing);
        if (!proxy) {
            *problem = QStringLiteral("proxy: environment variable %1 is not set").arg(missing);
            return std::nullopt;
        }
        request.proxy.written = *proxy;
    }
    request.proxy.environment = m_context.environment;
    // A proxy that cannot be read is said before anything is sent.
    request.proxyForUrl = request.proxy.forUrl(request.url);
    if (!request.proxyForUrl->problem.isEmpty()) {
        *problem = request.proxyForUrl->problem;
        return std::nullopt;
    }
    request.tls = m_endpoint.tls;
    // Loading the endpoints file read the files; an endpoint made in code
    // has them read here.
    if (!request.tls.material && !request.tls.connectionIdentity().isEmpty()) {
        if (QString tlsProblem = loadTlsMaterial(request.tls, m_context.environment); !tlsProblem.isEmpty()) {
            *problem = tlsProblem;
            return std::nullopt;
        }
    }
    return request;
}

void RetryCycle::nextAttempt()
{
    m_quotaWaitUntil.reset();
    if (++m_attemptNumber == 1)
        m_cycleStart = m_context.clock.now(); // after any pacing wait: the deadline counts from here
    m_attemptStartUtc = m_context.clock.utcNow();
    const CircuitBreaker::Admission admission = m_context.breaker.admit();
    m_breakerStateAtAttempt = m_context.breaker.state();
    if (admission == CircuitBreaker::Admission::Rejected) {
        // Not sent: nothing leaves the process while the breaker is open.
        AttemptRecord record = newRecord();
        record.outcome = AttemptOutcome::Rejected;
        record.category = ErrorCategory::CircuitOpen;
        record.retriable = false;
        record.reason = CycleEndReason::CircuitOpen;
        record.error = QStringLiteral("circuit breaker %1 is %2")
                           .arg(m_context.breaker.name(), breakerStateName(m_breakerStateAtAttempt));
        emit attemptRecorded(record);
        finish(AttemptOutcome::Rejected, CycleEndReason::CircuitOpen);
        return;
    }
    m_probe = admission == CircuitBreaker::Admission::Probe;

    QString problem;
    const auto request = buildRequest(&problem);
    if (!request) {
        // The environment changed since the file was loaded, or a proxy
        // variable cannot be read: fail this attempt without sending
        // anything, and free a probe slot.
        if (m_probe)
            m_context.breaker.record(ErrorCategory::Cancelled, true);
        AttemptRecord record = newRecord();
        record.outcome = AttemptOutcome::Failed;
        record.category = ErrorCategory::NetworkError;
        record.retriable = false;
        record.reason = CycleEndReason::NotRetriable;
        record.error = problem;
        emit attemptRecorded(record);
        finish(AttemptOutcome::Failed, CycleEndReason::NotRetriable);
        return;
    }
    m_attempt = m_context.makeAttempt ? m_context.makeAttempt(*request, this)
                                      : new HttpAttempt(m_context.pool, m_context.clock, *request, this);
    connect(m_attempt, &Attempt::finished, this, &RetryCycle::attemptFinished);
    m_attempt->start();
}

std::optional<CycleEndReason> RetryCycle::endReason(const Classification &classification,
                                                    std::optional<milliseconds> announcedWait, bool breakerOpened,
                                                    std::optional<milliseconds> delay) const
{
    // docs/attempt-log.md: the first reason that applies, in this order.
    const RetryPolicy &policy = m_endpoint.retry;
    switch (ErrorClassifier::decide(policy, classification, m_endpoint.method, m_endpoint.idempotencyKey)) {
    case RetryVerdict::NotRetriable: return CycleEndReason::NotRetriable;
    case RetryVerdict::NonIdempotent: return CycleEndReason::NonIdempotent;
    case RetryVerdict::Success:
    case RetryVerdict::Retry: break;
    }
    if (announcedWait && *announcedWait > policy.maxRetryAfter)
        return CycleEndReason::RetryAfterTooLong;
    if (m_attemptNumber >= policy.maxAttempts)
        return CycleEndReason::MaxAttempts;
    if (!delay)
        return std::nullopt; // the remaining reasons need the delay
    if (policy.deadline.count() > 0 && m_context.clock.now() + *delay > m_cycleStart + policy.deadline)
        return CycleEndReason::Deadline;
    if (breakerOpened || m_probe)
        return CycleEndReason::CircuitOpen; // half-open cycles make exactly one attempt
    if (!m_context.budget.allowsRetry())
        return CycleEndReason::BudgetExhausted;
    return std::nullopt;
}

void RetryCycle::attemptFinished(const AttemptResult &result)
{
    Classification classification = ErrorClassifier::classify(result.outcome, m_endpoint.expectStatus);
    // An expected status whose answer fails an `assert` check: assertion_failed,
    // retried (like a transport failure) only when retryOnErrors lists it.
    QString assertionFailure;
    if (classification.category == ErrorCategory::Ok && m_endpoint.assertions.any()) {
        assertionFailure = m_endpoint.assertions.failure(result.body, result.latency);
        if (!assertionFailure.isEmpty())
            classification = {ErrorCategory::AssertionFailed, false, classification.httpStatus};
    }
    const ErrorCategory category = classification.category;

    AttemptRecord record = newRecord();
    record.category = category;
    record.httpStatus = classification.httpStatus;
    if (result.handedOver)
        record.latency = result.latency; // empty when it never left (cancelled while waiting)
    record.error = assertionFailure.isEmpty() ? result.errorText : assertionFailure;
    if (record.error.isEmpty() && category != ErrorCategory::Ok && classification.httpStatus)
        record.error = QStringLiteral("HTTP %1").arg(*classification.httpStatus);
    record.transmissions = result.transmissions;
    record.redirects = result.redirects;
    record.bodyBytes = result.bodyBytes;
    record.phases = result.phases;
    record.certificateExpiryUtc = result.certificateExpiryUtc;
    record.proxy = result.proxy;
    if (const auto quota = RateLimitQuota::parse(result.rateLimit, m_context.clock.utcNow())) {
        record.rateLimitRemaining = quota->remaining;
        record.rateLimitReset = quota->reset;
        learnQuota(*quota);
    }

    // The breaker and the budget learn the outcome first: whether this
    // failure opened the breaker decides the reason below.
    const BreakerState before = m_context.breaker.state();
    record.slow = m_context.breaker.isSlowCall(category, record.latency);
    learnOutcome(m_context.breaker, m_context.budget, category, m_probe, record.latency);
    const bool breakerOpened = before != BreakerState::Open && m_context.breaker.state() == BreakerState::Open;

    if (category == ErrorCategory::Ok) {
        // An exhausted quota defers the next cycle, by at most maxRetryAfterMs.
        if (const auto wait = pacingWait())
            m_notBefore = m_context.clock.now() + std::min(*wait, m_endpoint.retry.maxRetryAfter);
        record.outcome = AttemptOutcome::Success;
        emit attemptRecorded(record);
        finish(AttemptOutcome::Success, std::nullopt);
        return;
    }
    record.retriable = ErrorClassifier::isRetriableKind(m_endpoint.retry, classification);
    if (category == ErrorCategory::Cancelled) {
        record.outcome = AttemptOutcome::Failed;
        record.reason = CycleEndReason::Cancelled;
        emit attemptRecorded(record);
        finish(AttemptOutcome::Failed, CycleEndReason::Cancelled);
        return;
    }

    // What the server asked to wait: its Retry-After, which wins, or else
    // an exhausted quota's reset (docs/endpoints-file.md).
    std::optional<milliseconds> announcedWait;
    const bool mayCarryRetryAfter = classification.httpStatus == 429 || classification.httpStatus == 503;
    if (m_endpoint.retry.respectRetryAfter && mayCarryRetryAfter) {
        const RetryAfter retryAfter = RetryAfter::parse(result.retryAfter, m_context.clock.utcNow(), result.date);
        if (retryAfter.isDelay()) {
            record.retryAfter = retryAfter.delay;
            announcedWait = retryAfter.delay;
        }
    }
    if (!announcedWait)
        announcedWait = pacingWait();
    // The scheduler's next cycle waits for it too, at most maxRetryAfterMs.
    if (announcedWait)
        m_notBefore = m_context.clock.now() + std::min(*announcedWait, m_endpoint.retry.maxRetryAfter);

    // The delay is drawn only once the reasons that do not depend on it are
    // ruled out; `deadline` (which does) ranks above circuit_open and
    // budget_exhausted, so those are judged after the draw.
    std::optional<CycleEndReason> reason = endReason(classification, announcedWait, breakerOpened, std::nullopt);
    milliseconds delay{0};
    if (!reason) {
        delay = std::max(m_backoff.next(), announcedWait.value_or(milliseconds(0)));
        reason = endReason(classification, announcedWait, breakerOpened, delay);
    }
    if (reason) {
        record.outcome = AttemptOutcome::Failed;
        record.reason = reason;
        emit attemptRecorded(record);
        finish(AttemptOutcome::Failed, reason);
        return;
    }
    record.outcome = AttemptOutcome::Retry;
    record.delay = delay;
    emit attemptRecorded(record);
    waitFor(delay);
}

void RetryCycle::finish(AttemptOutcome outcome, std::optional<CycleEndReason> reason)
{
    if (m_done)
        return;
    m_done = true;
    m_waiting = false;
    m_wait->stop();
    emit finished({m_endpoint.name, m_number, outcome, reason, m_attemptNumber, m_notBefore});
}
