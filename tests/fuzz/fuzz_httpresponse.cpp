// SPDX-License-Identifier: GPL-3.0-or-later
// The client's response path: a fake server on 127.0.0.1 answers every
// request with the fuzzer's raw bytes (garbage status lines, huge or endless
// headers, bad chunked encoding, wrong Content-Length, redirect loops), and
// one HttpAttempt, the class every retry goes through, reads it.
// Input: one flag byte (bit 0: keep the connection open after writing, so
// only the timeout ends an incomplete response; bit 1: write in two parts), then the bytes to send.
// Invariants: every attempt ends, exactly once, within its timeout (a hang is
// reported by libFuzzer's -timeout); the body is never read beyond the cap;
// redirects stop at the limit; the outcome classifies into a docs/attempt-log.md
// category and a Retry-After value parses without harm.
#include "core/net/httpattempt.h"
#include "core/net/managerpool.h"
#include "core/policy/errorclassifier.h"
#include "core/policy/retryafter.h"
#include "core/policy/retrypolicy.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace {

constexpr qint64 bodyCap = 16 * 1024;
constexpr int redirectLimit = 3;
constexpr std::chrono::milliseconds attemptTimeout{100};

QByteArray response;
quint8 flags = 0;
QTcpServer *server = nullptr;

// Every request goes to the fake server, whatever host a redirect names, so
// the fuzzer never reaches the outside world.
class LoopbackOnlyManager final : public QNetworkAccessManager
{
protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &original, QIODevice *data) override
    {
        QNetworkRequest request(original);
        QUrl url = request.url();
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(server->serverPort());
        request.setUrl(url);
        return QNetworkAccessManager::createRequest(op, request, data);
    }
};

// Answers every request head that arrives (keep-alive and redirect hops
// included) with the input's bytes.
void answer(QTcpSocket *socket)
{
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        if (!socket->readAll().contains("\r\n\r\n"))
            return;
        if (flags & 2) {
            socket->write(response.first(response.size() / 2));
            socket->flush();
            QTimer::singleShot(1, socket, [socket] {
                socket->write(response.sliced(response.size() / 2));
                if (!(flags & 1))
                    socket->disconnectFromHost();
            });
        } else {
            socket->write(response);
            if (!(flags & 1))
                socket->disconnectFromHost();
        }
    });
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    server = new QTcpServer(&app);
    if (!server->listen(QHostAddress::LocalHost, 0))
        Fuzz::fail("cannot listen on 127.0.0.1");
    QObject::connect(server, &QTcpServer::newConnection, server, [] {
        while (QTcpSocket *socket = server->nextPendingConnection())
            answer(socket);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    flags = data[0];
    response = Fuzz::bytes(data + 1, size - 1);

    SystemClock clock;
    ManagerPool pool;
    pool.setManagerFactory([] { return new LoopbackOnlyManager; });
    AttemptRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/fuzz").arg(server->serverPort()));
    request.timeout = attemptTimeout;
    request.maxBodyBytes = bodyCap;
    request.maxRedirects = redirectLimit;
    HttpAttempt attempt(pool, clock, request);

    int finishedCount = 0;
    AttemptResult result;
    QEventLoop loop;
    QObject::connect(&attempt, &HttpAttempt::finished, &loop, [&](const AttemptResult &r) {
        ++finishedCount;
        result = r;
        loop.quit();
    });
    attempt.start();
    if (finishedCount == 0)
        loop.exec();
    // Let a late second finished() show itself, and deleteLater()s run.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();

    Fuzz::check(finishedCount == 1, "an attempt finished more than once");
    Fuzz::check(!attempt.isRunning(), "an attempt still running after finished()");
    Fuzz::check(result.bodyBytes <= bodyCap, "the body was read beyond the cap");
    Fuzz::check(result.redirects <= redirectLimit, "more redirects than allowed");
    const Classification classification = ErrorClassifier::classify(result.outcome);
    if (classification.category == ErrorCategory::Ok)
        Fuzz::check(result.outcome.httpStatus.has_value(), "ok without a status");
    const RetryPolicy policy;
    (void)ErrorClassifier::isRetriableKind(policy, classification);
    (void)RetryAfter::parse(result.retryAfter, clock.utcNow(), result.date);
    return 0;
}
