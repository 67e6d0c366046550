// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #8 §1: what the retrying client costs over the network stack itself.
// The same N successful GETs against the fault server (its own process, so
// its work is not counted), with the same concurrency:
//   raw:    QNetworkAccessManager, the request set up as HttpAttempt sets it up
//   client: RetryingClient, breaker and retry budget on, one endpoint per
//           concurrent slot, each started again when its cycle ends
// Each mode runs in its own process (so peak memory is its own), after a
// warm-up that is not counted. Prints CPU per request and the ratio.
//   bench_client [--requests 10000] [--concurrency 50] [--mode raw|client]
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>
#include <functional>

#include "bench/benchsupport.h"

namespace {

struct Measurement
{
    qint64 requests = 0;
    double cpuSeconds = 0;
    double wallSeconds = 0;
};

// Runs `start` for slots until `total` requests finished (each `start(done)`
// call must eventually call `done(ok)` once); returns the cost of the last
// `total - warmup` of them.
Measurement drive(qint64 warmup, qint64 total, int concurrency,
                  const std::function<void(int slot, std::function<void(bool)>)> &start)
{
    qint64 started = 0;
    qint64 finished = 0;
    qint64 failed = 0;
    double cpuAtWarm = 0;
    QElapsedTimer wall;
    std::function<void(int)> launch = [&](int slot) {
        ++started;
        start(slot, [&, slot](bool ok) {
            failed += ok ? 0 : 1;
            if (++finished == warmup) {
                cpuAtWarm = Bench::cpuSeconds();
                wall.start();
            }
            if (finished == total)
                QCoreApplication::quit();
            else if (started < total)
                launch(slot);
        });
    };
    for (int slot = 0; slot < concurrency && started < total; ++slot)
        launch(slot);
    QCoreApplication::exec();
    if (failed > 0)
        std::fprintf(stderr, "%lld requests failed\n", failed);
    return {total - warmup, Bench::cpuSeconds() - cpuAtWarm, wall.elapsed() / 1000.0};
}

Measurement runRaw(const QUrl &url, qint64 warmup, qint64 total, int concurrency)
{
    QNetworkAccessManager manager;
    return drive(warmup, total, concurrency, [&](int, std::function<void(bool)> done) {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QNetworkReply *reply = manager.get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
            reply->readAll();
            const bool ok = reply->error() == QNetworkReply::NoError;
            reply->deleteLater();
            done(ok);
        });
    });
}

Measurement runClient(const QUrl &url, qint64 warmup, qint64 total, int concurrency)
{
    ManagerPool pool;
    const SystemClock clock;
    SeededRandom random(1);
    RetryingClient client(pool, clock, random);
    QList<Endpoint> endpoints;
    for (int i = 0; i < concurrency; ++i) {
        Endpoint e;
        e.name = QStringLiteral("e%1").arg(i);
        e.url = url;
        endpoints.append(e); // the defaults: retries, breaker and budget on
    }
    QHash<QString, std::function<void(bool)>> pending;
    QObject::connect(&client, &RetryingClient::cycleFinished, &client, [&](const CycleResult &result) {
        std::function<void(bool)> done = pending.take(result.endpoint);
        done(result.outcome == AttemptOutcome::Success && result.attempts == 1);
    });
    return drive(warmup, total, concurrency, [&](int slot, const std::function<void(bool)> &done) {
        pending.insert(endpoints[slot].name, done);
        // Started from the cycle's own end signal: start on the next turn of
        // the event loop, as the scheduler does.
        QMetaObject::invokeMethod(
            &client, [&client, &endpoints, slot] { client.startCycle(endpoints[slot]); }, Qt::QueuedConnection);
    });
}

// Runs this program again in one mode and returns what it printed.
QString runChild(const QString &mode, const QStringList &arguments)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), arguments + QStringList{QStringLiteral("--mode"), mode});
    child.waitForFinished(-1);
    return QString::fromUtf8(child.readAllStandardOutput());
}

double field(const QString &text, const QString &name)
{
    const auto match = QRegularExpression(name + QStringLiteral(" ([0-9.]+)")).match(text);
    return match.hasMatch() ? match.captured(1).toDouble() : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 requests = Bench::intArgument(arguments, "--requests", 10000);
    const int concurrency = int(Bench::intArgument(arguments, "--concurrency", 50));
    const QString mode = Bench::stringArgument(arguments, "--mode");
    const qint64 warmup = std::min<qint64>(500, requests / 5);

    if (mode.isEmpty()) {
        QProcess server;
        const int port = Bench::startFaultServer(server, QStringLiteral(RETRYSCOPE_BINARY));
        if (port < 0)
            return 1;
        const QStringList common{QStringLiteral("--requests"),    QString::number(requests),
                                 QStringLiteral("--concurrency"), QString::number(concurrency),
                                 QStringLiteral("--port"),        QString::number(port)};
        const QString raw = runChild(QStringLiteral("raw"), common);
        const QString client = runChild(QStringLiteral("client"), common);
        server.terminate();
        server.waitForFinished(5000);
        std::printf("%s%s", qPrintable(raw), qPrintable(client));
        const double a = field(raw, QStringLiteral("us/request")), b = field(client, QStringLiteral("us/request"));
        std::printf("client / raw CPU per request: %.3f (target <= 1.05)\n", a > 0 ? b / a : 0.0);
        return a > 0 && b > 0 ? 0 : 1;
    }

    const QUrl url(QStringLiteral("http://127.0.0.1:%1/ok").arg(Bench::intArgument(arguments, "--port", 0)));
    const Measurement m = mode == QLatin1String("raw") ? runRaw(url, warmup, requests, concurrency)
                                                       : runClient(url, warmup, requests, concurrency);
    std::printf("%-6s %lld GETs, %d in flight: %.2f s wall, cpu %.3f s, us/request %.1f, peak resident %.1f MiB\n",
                qPrintable(mode), m.requests, concurrency, m.wallSeconds, m.cpuSeconds,
                1e6 * m.cpuSeconds / double(m.requests), Bench::peakResidentMiB());
    return 0;
}
