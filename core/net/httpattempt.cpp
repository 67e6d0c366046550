// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/httpattempt.h"

#include "core/net/secretscrubber.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

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

QNetworkReply *send(QNetworkAccessManager &manager, const QNetworkRequest &request, const QByteArray &method,
                    const QByteArray &body)
{
    // Standard methods through QNAM's own operations: a HEAD sent as a
    // custom verb would wait for a body that never comes.
    if (method == "GET" && body.isEmpty())
        return manager.get(request);
    if (method == "HEAD")
        return manager.head(request);
    if (method == "POST")
        return manager.post(request, body);
    if (method == "PUT")
        return manager.put(request, body);
    if (method == "DELETE" && body.isEmpty())
        return manager.deleteResource(request);
    return manager.sendCustomRequest(request, method, body);
}

} // namespace

HttpAttempt::HttpAttempt(QNetworkAccessManager &manager, const Clock &clock, AttemptRequest request, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_clock(clock)
    , m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, [this] { abortWith(AbortReason::Timeout); });
}

HttpAttempt::~HttpAttempt()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

milliseconds HttpAttempt::sinceStart() const
{
    return std::chrono::duration_cast<milliseconds>(m_clock.now() - m_started);
}

void HttpAttempt::start()
{
    m_started = m_clock.now();
    m_result.finalUrl = m_request.url;
    m_timeout.start(m_request.timeout);
    sendHop();
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

    m_reply = send(m_manager, request, m_request.method, m_request.body);
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
    });
    connect(m_reply, &QNetworkReply::requestSent, this, [this] {
        ++m_result.transmissions;
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
    if (!m_reply)
        return;
    m_abort = reason;
    m_bodyCapHit = reason == AbortReason::None;
    m_reply->abort(); // emits finished() synchronously
}

void HttpAttempt::cancel()
{
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
        complete(reply->error(), status, QStringLiteral("cancelled"));
        return;
    }
    if (status && isRedirect(*status) && reply->error() == QNetworkReply::NoError && followRedirect(*status))
        return;
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

    if (!sameOrigin(m_result.finalUrl, target)) {
        // Credentials never travel to another origin (SPEC §2).
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
    m_result.finalUrl = target;
    m_reply->disconnect(this);
    m_reply->deleteLater();
    m_reply = nullptr;
    sendHop();
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
    return secrets.scrub(errorText);
}

void HttpAttempt::complete(QNetworkReply::NetworkError error, std::optional<int> status, const QString &errorText)
{
    m_timeout.stop();
    m_result.outcome = {m_bodyCapHit ? QNetworkReply::NoError : error, status, m_abort};
    m_result.errorText = withoutSecrets(errorText);
    m_result.latency = sinceStart();
    m_result.phases.finished = m_result.latency;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    emit finished(m_result);
}
