// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/httpattempt.h"

#include "core/net/managerpool.h"
#include "core/net/secretscrubber.h"
#include "core/net/uploadbody.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

#include <utility>

namespace {

using std::chrono::milliseconds;

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

// `body` is null for a request sent without one.
QNetworkReply *send(QNetworkAccessManager &manager, const QNetworkRequest &request, const QByteArray &method,
                    QIODevice *body)
{
    // Standard methods through QNAM's own operations: a HEAD sent as a
    // custom verb would wait for a body that never comes.
    if (method == "GET" && !body)
        return manager.get(request);
    if (method == "HEAD")
        return manager.head(request);
    if (method == "DELETE" && !body)
        return manager.deleteResource(request);
    if (method == "POST")
        return manager.post(request, body);
    if (method == "PUT")
        return manager.put(request, body);
    return manager.sendCustomRequest(request, method, body);
}

} // namespace

HttpAttempt::HttpAttempt(ManagerPool &pool, const Clock &clock, AttemptRequest request, QObject *parent)
    : Attempt(parent)
    , m_pool(pool)
    , m_clock(clock)
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        // Fired this late, the timeout passed while the process did not run
        // (a suspend, a stop): the server is not to blame, and the attempt
        // ends `cancelled`, which no breaker or budget counts.
        const auto late = LateWake::lateness(m_clock, m_timeoutDue);
        if (late > LateWake::threshold) {
            m_cancelText = QStringLiteral("the process did not run for %1 s (a suspend or a stop) while this "
                                          "attempt waited; its timeout passed meanwhile")
                               .arg((late.count() + 500) / 1000);
            abortWith(AbortReason::Cancelled);
            return;
        }
        abortWith(AbortReason::Timeout);
    });
}

HttpAttempt::~HttpAttempt()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    releaseConnection();
}

milliseconds HttpAttempt::sinceStart() const
{
    return std::chrono::duration_cast<milliseconds>(m_clock.now() - m_started);
}

void HttpAttempt::start()
{
    m_started = m_clock.now();
    m_result.finalUrl = m_request.url;
    acquire(m_request.url);
}

void HttpAttempt::acquire(const QUrl &url)
{
    // A redirect to another host may go another way: the environment's
    // rules are asked for every URL.
    const ProxyRules::Parsed route
        = url == m_request.url && m_request.proxyForUrl ? *m_request.proxyForUrl : m_request.proxy.forUrl(url);
    if (!route.problem.isEmpty()) {
        m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        complete(QNetworkReply::UnknownProxyError, std::nullopt, route.problem);
        return;
    }
    m_proxy = route.proxy;
    // The pool calls back at once when a connection is free, which is the
    // usual case; a hop after a redirect may wait for its own origin too.
    m_acquiring = true;
    m_ticket = m_pool.acquire(
        url, m_request.atMostOnce,
        [this](const ManagerPool::Lane &lane) {
            m_lane = lane;
            if (!m_result.handedOver)
                handOver();
            else
                sendHop();
        },
        m_request.tls.connectionIdentity(), m_proxy);
    m_acquiring = false;
}

void HttpAttempt::handOver()
{
    // The wire's time starts here (the timeout and the latency run
    // from the moment the request is handed to a connection).
    m_result.handedOver = true;
    // Handed a connection within acquire(): it never waited, whatever the
    // clock says (a thread descheduled for a moment is not a queue).
    m_result.phases.queued = m_acquiring ? milliseconds(0) : sinceStart();
    m_timeoutDue = LateWake::after(m_clock, m_request.timeout);
    m_timeout.start(m_request.timeout);
    sendHop();
}

void HttpAttempt::releaseConnection()
{
    if (m_ticket == 0)
        return;
    const quint64 ticket = std::exchange(m_ticket, 0);
    m_lane = {};
    m_pool.release(ticket); // may hand the connection to a waiting attempt
}

bool HttpAttempt::hopAnswered() const
{
    return m_reply && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
}

bool HttpAttempt::allowRewind()
{
    // Qt rewinds the body after a 307/308 answer as bookkeeping, without
    // sending again: the answer has arrived, and it is ours to follow.
    if (hopAnswered())
        return true;
    if (m_request.atMostOnce) {
        m_hopResendRefused = true; // Qt fails the request instead of re-sending it
        return false;
    }
    ++m_hopResends;
    return true;
}

void HttpAttempt::countHopTransmissions()
{
    // requestSent is queued from Qt's HTTP thread and can arrive after the
    // reply finished (then it is lost: a POST to a server that closes at
    // once showed none). The first transmission is also proven by an
    // answer, or by a rewind Qt asked for; each re-send by a granted rewind.
    const bool firstSent = m_hopRequestSent > 0 || hopAnswered() || m_hopResends > 0 || m_hopResendRefused;
    m_result.transmissions += std::max(m_hopRequestSent, (firstSent ? 1 : 0) + m_hopResends);
    m_hopRequestSent = 0;
    m_hopResends = 0;
}

void HttpAttempt::sendHop()
{
    QNetworkRequest request(m_result.finalUrl);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // HTTP/1.1 only, so one attempt is one request on one connection.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Retryscope/" RETRYSCOPE_VERSION));
    for (const auto &[name, value] : std::as_const(m_request.headers))
        request.setRawHeader(name, value);

    // A body goes as a device Qt must ask before sending it again; an
    // at-most-once request always has one, even empty, so that Qt asks.
    UploadBody *body = nullptr;
    if (!m_request.body.isEmpty() || m_request.atMostOnce)
        body = new UploadBody(m_request.body, [this] { return allowRewind(); });
    m_hopResendRefused = false;
    // The lane: a connection of its own (see ManagerPool).
    if (!m_lane.tag.isEmpty())
        request.setPeerVerifyName(m_lane.tag);
    if (m_result.finalUrl.scheme() == QLatin1String("https")) {
        if (m_request.tls.material)
            request.setSslConfiguration(tlsConfiguration(*m_request.tls.material));
        // The name the endpoint's `tls` states, for its own host only (a
        // redirect elsewhere verifies the host it names).
        if (!m_request.tls.serverName.isEmpty() && m_result.finalUrl.host() == m_request.url.host())
            request.setPeerVerifyName(m_request.tls.serverName);
    }
    if (m_lane.oneShot) // closed once this request is done: never reused
        request.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute, 0);
    m_reply = send(*m_lane.manager, request, m_request.method, body);
    if (body)
        body->setParent(m_reply); // dies with the reply that reads it, as QNAM's own buffers do
    m_reply->setParent(this);
    // Bounded read buffer: a huge body streams through, never piles up.
    m_reply->setReadBufferSize(64 * 1024);
    connect(m_reply, &QNetworkReply::socketStartedConnecting, this, [this] {
        if (!m_result.phases.connecting)
            m_result.phases.connecting = sinceStart();
    });
    connect(m_reply, &QNetworkReply::encrypted, this, [this] {
        if (!m_result.phases.encrypted)
            m_result.phases.encrypted = sinceStart();
        m_result.certificateExpiryUtc = m_reply->sslConfiguration().peerCertificate().expiryDate().toUTC();
    });
    // A refused certificate still says when it expires (an expired one is
    // the commonest reason it is refused). Never ignored: only read.
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QSslCertificate certificate = m_reply->sslConfiguration().peerCertificate();
        for (const QSslError &error : errors) {
            if (certificate.isNull())
                certificate = error.certificate();
        }
        if (!certificate.isNull())
            m_result.certificateExpiryUtc = certificate.expiryDate().toUTC();
    });
    connect(m_reply, &QNetworkReply::requestSent, this, [this] {
        ++m_hopRequestSent;
        if (!m_result.phases.requestSent)
            m_result.phases.requestSent = sinceStart();
    });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!m_result.phases.firstByte)
            m_result.phases.firstByte = sinceStart();
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpAttempt::readBody);
    connect(m_reply, &QNetworkReply::finished, this, &HttpAttempt::hopFinished);
}

void HttpAttempt::readBody()
{
    char discard[16 * 1024];
    while (m_reply && m_reply->bytesAvailable() > 0) {
        const qint64 n = m_reply->read(discard, sizeof discard);
        if (n <= 0)
            break;
        if (m_request.keepBody)
            m_result.body.append(
                discard,
                qsizetype(std::max<qint64>(0, std::min<qint64>(n, m_request.maxBodyBytes - m_result.body.size()))));
        m_result.bodyBytes += n;
        if (m_result.bodyBytes >= m_request.maxBodyBytes && !m_reply->isFinished()) {
            m_result.bodyBytes = m_request.maxBodyBytes;
            m_result.bodyCapped = true;
            abortWith(AbortReason::None); // enough read: the rest is not wanted
            return;
        }
    }
}

void HttpAttempt::abortWith(AbortReason reason)
{
    if (!m_reply) {
        if (m_ticket != 0 && reason != AbortReason::None) {
            // Still waiting for a connection (a redirect's hop, or the
            // start when every connection to the origin is busy).
            m_abort = reason;
            complete(QNetworkReply::OperationCanceledError, std::nullopt,
                     reason == AbortReason::Timeout
                         ? QStringLiteral("no complete response within %1 ms").arg(m_request.timeout.count())
                         : m_cancelText);
        }
        return;
    }
    m_abort = reason;
    m_bodyCapHit = reason == AbortReason::None;
    m_reply->abort(); // emits finished() synchronously
}

void HttpAttempt::cancel(const QString &why)
{
    if (!why.isEmpty())
        m_cancelText = why;
    abortWith(AbortReason::Cancelled);
}

void HttpAttempt::hopFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (!m_bodyCapHit && m_abort == AbortReason::None)
        readBody();
    if (!m_reply)
        return; // readBody() hit the cap and completed the attempt
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const std::optional<int> status
        = statusAttribute.isValid() ? std::optional<int>(statusAttribute.toInt()) : std::nullopt;
    // Null when absent: RetryAfter::parse() tells "absent" from "empty".
    m_result.retryAfter = reply->hasRawHeader("Retry-After") ? reply->rawHeader("Retry-After") : QByteArray();
    m_result.date = reply->hasRawHeader("Date") ? reply->rawHeader("Date") : QByteArray();
    const auto field
        = [reply](const char *name) { return reply->hasRawHeader(name) ? reply->rawHeader(name) : QByteArray(); };
    m_result.rateLimit = {field("RateLimit"),         field("RateLimit-Remaining"),
                          field("RateLimit-Reset"),   field("X-RateLimit-Remaining"),
                          field("X-RateLimit-Reset"), m_result.date};

    if (m_bodyCapHit) {
        complete(QNetworkReply::NoError, status, {});
        return;
    }
    if (m_abort == AbortReason::Timeout) {
        complete(reply->error(), status,
                 QStringLiteral("no complete response within %1 ms").arg(m_request.timeout.count()));
        return;
    }
    if (m_abort == AbortReason::Cancelled) {
        complete(reply->error(), status, m_cancelText);
        return;
    }
    if (status && isRedirect(*status) && reply->error() == QNetworkReply::NoError && followRedirect(*status))
        return;
    if (m_hopResendRefused && !status) {
        // The connection closed before any answer and Qt wanted to send the
        // request again; it was refused (at most once).
        complete(QNetworkReply::RemoteHostClosedError, status,
                 QStringLiteral("connection closed before any response; a %1 is sent at most once, so it was "
                                "not sent again")
                     .arg(QString::fromLatin1(m_request.method)));
        return;
    }
    const bool failed = reply->error() != QNetworkReply::NoError;
    complete(reply->error(), status, failed ? reply->errorString() : QString());
}

bool HttpAttempt::followRedirect(int status)
{
    const QByteArray location = m_reply->rawHeader("Location");
    if (location.isEmpty())
        return false;
    const QUrl target = m_result.finalUrl.resolved(QUrl::fromEncoded(location));
    const auto stop = [this, status](QNetworkReply::NetworkError error, const QString &why) {
        complete(error, status, why);
        return true;
    };
    if (m_result.redirects >= m_request.maxRedirects)
        return stop(QNetworkReply::TooManyRedirectsError,
                    QStringLiteral("more than %1 redirects").arg(m_request.maxRedirects));
    if (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https"))
        return stop(QNetworkReply::ProtocolUnknownError,
                    QStringLiteral("redirect to unsupported scheme '%1'").arg(target.scheme()));
    if (m_result.finalUrl.scheme() == QLatin1String("https") && target.scheme() == QLatin1String("http"))
        return stop(QNetworkReply::InsecureRedirectError, QStringLiteral("refused redirect from https to http"));

    const bool sameHost = sameOrigin(m_result.finalUrl, target);
    if (!sameHost) {
        // Credentials never travel to another origin (docs/endpoints-file.md).
        m_request.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
            return header.first.compare("Authorization", Qt::CaseInsensitive) == 0
                || header.first.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0
                || header.first.compare("Cookie", Qt::CaseInsensitive) == 0;
        });
    }
    if (status == 303 || ((status == 301 || status == 302) && m_request.method == "POST")) {
        m_request.method = "GET";
        m_request.body.clear();
    }
    ++m_result.redirects;
    m_result.body.clear(); // the checks look at the final answer's body
    m_result.finalUrl = target;
    countHopTransmissions();
    m_reply->disconnect(this);
    m_reply->deleteLater();
    m_reply = nullptr;
    if (sameHost && !m_request.atMostOnce) { // the same lane serves the next hop
        sendHop();
    } else {
        // Another origin (or a new one-shot connection): its own lease.
        releaseConnection();
        acquire(target);
    }
    return true;
}

QString HttpAttempt::withoutSecrets(const QString &errorText) const
{
    if (errorText.isEmpty())
        return errorText; // the usual case: nothing to scrub, nothing to set up
    SecretScrubber secrets;
    secrets.addUrl(m_request.url);
    secrets.addUrl(m_result.finalUrl); // a Location may carry user-info of its own
    for (const auto &[name, value] : std::as_const(m_request.headers))
        secrets.addValue(QString::fromLatin1(value));
    secrets.addValue(m_proxy.password());
    secrets.addValue(m_request.proxy.written); // the whole value, in case Qt ever quotes it
    return secrets.scrub(errorText);
}

void HttpAttempt::complete(QNetworkReply::NetworkError error, std::optional<int> status, const QString &errorText)
{
    m_timeout.stop();
    m_result.outcome = {m_bodyCapHit ? QNetworkReply::NoError : error, status, m_abort};
    m_result.errorText = withoutSecrets(errorText);
    // Say which way the request went: a refusal or an error page may be the
    // proxy's, not the server's, and the error alone does not tell.
    if (m_proxy.type() != QNetworkProxy::NoProxy) {
        m_result.proxy = ProxyRules::describe(m_proxy);
        if (!m_result.errorText.isEmpty())
            m_result.errorText += ProxyRules::viaNote(m_proxy);
    }
    m_result.phases.finished = sinceStart();
    if (!m_result.handedOver)
        m_result.phases.queued = m_result.phases.finished; // waited all along, never sent
    // queue + latency = the whole attempt, to the millisecond.
    m_result.latency = m_result.handedOver ? *m_result.phases.finished - *m_result.phases.queued : milliseconds(0);
    if (m_reply) {
        countHopTransmissions();
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    releaseConnection();
    emit finished(m_result);
}
