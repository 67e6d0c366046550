// SPDX-License-Identifier: GPL-3.0-or-later
// History insert rate (batched, as the monitor writes) and CSV export rate,
// against simply writing the same bytes to disk.
//   bench_history [--rows 1000000] [--dir /tmp/x]
#include "core/store/history.h"
#include "core/store/historyqueries.h"
#include "core/store/recordcsv.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>

#include <cstdio>

#include "bench/benchsupport.h"

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 rows = Bench::intArgument(arguments, "--rows", 1'000'000);
    QTemporaryDir temp;
    const QString dir = Bench::stringArgument(arguments, "--dir", temp.path());

    const SystemClock clock;
    History history(clock);
    if (const QString error = history.open(dir + QStringLiteral("/bench.sqlite")); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const QDateTime start(QDate(2026, 11, 28), QTime(0, 0), QTimeZone::utc());
    AttemptRecord r;
    r.method = "GET";
    r.url = QStringLiteral("http://127.0.0.1:47600/flaky?fail=0.3&code=503");
    r.category = ErrorCategory::ServerError;
    r.outcome = AttemptOutcome::Retry;
    r.httpStatus = 503;
    r.retriable = true;
    r.latency = std::chrono::milliseconds(12);
    r.delay = std::chrono::milliseconds(1234);
    r.error = QStringLiteral("HTTP 503");
    r.transmissions = 1;

    // Batches of 200 ms at a high rate are large; 10,000 rows per batch
    // stands for them.
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < rows; ++i) {
        r.timeUtc = start.addMSecs(i);
        r.endpoint = QStringLiteral("endpoint-%1").arg(i % 200);
        r.breaker = r.endpoint;
        r.cycle = i / 3;
        r.attempt = int(i % 3) + 1;
        history.add(r);
        if (i % 10000 == 9999)
            history.flush();
    }
    history.flush();
    const double insertSeconds = double(timer.nsecsElapsed()) / 1e9;

    const QString csvPath = dir + QStringLiteral("/export.csv");
    timer.restart();
    const QString exportError
        = HistoryQueries::exportAttempts(history.database(), {start, start.addDays(365), {}}, csvPath, {});
    const double exportSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!exportError.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(exportError));
        return 1;
    }
    const qint64 csvBytes = QFile(csvPath).size();

    // The floor: the same number of bytes written in 1 MiB blocks.
    const QByteArray block(1024 * 1024, 'x');
    timer.restart();
    {
        QFile raw(dir + QStringLiteral("/raw.bin"));
        if (!raw.open(QIODevice::WriteOnly))
            return 1;
        for (qint64 written = 0; written < csvBytes; written += block.size())
            raw.write(block.constData(), std::min<qint64>(block.size(), csvBytes - written));
        raw.flush();
    }
    const double rawSeconds = double(timer.nsecsElapsed()) / 1e9;

    std::printf("history insert: %lld rows in %.2f s = %.0f rows/s (target >= 200000)\n", rows, insertSeconds,
                rows / insertSeconds);
    std::printf("csv export:     %lld rows, %.1f MiB in %.2f s = %.0f rows/s (target >= 1000000)\n", rows,
                csvBytes / 1048576.0, exportSeconds, rows / exportSeconds);
    std::printf("raw write:      same bytes in %.3f s; export takes %.1fx as long\n", rawSeconds,
                exportSeconds / std::max(rawSeconds, 1e-6));
    std::printf("peak resident:  %.1f MiB\n", Bench::peakResidentMiB());
    return 0;
}
