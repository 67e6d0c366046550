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
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimeZone>

#include <cstdio>
#include <unistd.h>

#include "bench/benchsupport.h"

namespace {

// The floor: `bytes` written in 1 MiB blocks and synced to the disk, as the
// export's QSaveFile::commit() and SQLite's checkpoints sync theirs. -1 when
// the file cannot be written.
double rawWriteSeconds(const QString &path, qint64 bytes)
{
    const QByteArray block(1024 * 1024, 'x');
    QElapsedTimer timer;
    timer.start();
    QFile raw(path);
    if (!raw.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(raw.errorString()));
        return -1;
    }
    for (qint64 written = 0; written < bytes; written += block.size())
        raw.write(block.constData(), std::min<qint64>(block.size(), bytes - written));
    if (!raw.flush() || ::fsync(raw.handle()) != 0) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(raw.errorString()));
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

} // namespace

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
    // What the insert left on disk: the database and its write-ahead log.
    qint64 databaseBytes = 0;
    for (const char *suffix : {"", "-wal"})
        databaseBytes += QFileInfo(dir + QStringLiteral("/bench.sqlite") + QLatin1String(suffix)).size();

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

    const double rawCsvSeconds = rawWriteSeconds(dir + QStringLiteral("/raw.bin"), csvBytes);
    const double rawDatabaseSeconds = rawWriteSeconds(dir + QStringLiteral("/raw.bin"), databaseBytes);
    if (rawCsvSeconds < 0 || rawDatabaseSeconds < 0)
        return 1;
    QFile::remove(dir + QStringLiteral("/raw.bin"));

    const auto mibPerSecond = [](qint64 bytes, double seconds) { return double(bytes) / 1048576.0 / seconds; };
    std::printf("history insert: %lld rows in %.2f s = %.0f rows/s (target >= 200000); %.0f MiB on disk = %.0f MiB/s\n",
                rows, insertSeconds, rows / insertSeconds, databaseBytes / 1048576.0,
                mibPerSecond(databaseBytes, insertSeconds));
    std::printf("  raw write of the same bytes: %.2f s = %.0f MiB/s; the insert takes %.1fx as long\n",
                rawDatabaseSeconds, mibPerSecond(databaseBytes, rawDatabaseSeconds),
                insertSeconds / std::max(rawDatabaseSeconds, 1e-6));
    std::printf("csv export:     %lld rows, %.1f MiB in %.2f s = %.0f rows/s (target >= 1000000) = %.0f MiB/s\n", rows,
                csvBytes / 1048576.0, exportSeconds, rows / exportSeconds, mibPerSecond(csvBytes, exportSeconds));
    std::printf("  raw write of the same bytes: %.2f s = %.0f MiB/s; the export takes %.1fx as long\n", rawCsvSeconds,
                mibPerSecond(csvBytes, rawCsvSeconds), exportSeconds / std::max(rawCsvSeconds, 1e-6));
    std::printf("peak resident:  %.1f MiB\n", Bench::peakResidentMiB());
    return 0;
}
