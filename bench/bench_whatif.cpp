// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint editor's policy lab under a day of history: the real dialog
// (offscreen unless a display is given) on a real history database holding
// one endpoint's day at 1 s. Edits come in bursts as a person types (three
// changes 150 ms apart, then a pause), then a sweep runs. Reports how late
// the GUI event loop runs meanwhile (target: p99 at most 30 ms: the what-if
// must never block the window), how long an edit takes to show its figures,
// and how long the sweep takes. Prints numbers; asserts nothing.
//   bench_whatif [--hours 24] [--bursts 6] [--values 8]
#include "core/config/endpointjson.h"
#include "core/config/endpointsfile.h"
#include "core/store/history.h"
#include "core/util/clock.h"
#include "ui/endpointdialog.h"
#include "ui/whatifpanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "bench/benchsupport.h"
#include "bench/labday.h"
#include "bench/lagprobe.h"

namespace {

template<typename Widget> Widget *named(QWidget *parent, const char *name)
{
    auto *widget = parent->findChild<Widget *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("bench_whatif: no widget %s", name);
    return widget;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 hours = std::clamp<qint64>(Bench::intArgument(arguments, "--hours", 24), 1, 24);
    const qint64 bursts = std::max<qint64>(1, Bench::intArgument(arguments, "--bursts", 6));
    const qint64 values = std::clamp<qint64>(Bench::intArgument(arguments, "--values", 8), 2, 40);

    // The history, as the dashboard would have kept it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    const QList<AttemptRecord> records = Bench::day(hours * 3600, 0);
    {
        const SystemClock clock;
        History history(clock);
        if (const QString error = history.open(path); !error.isEmpty())
            qFatal("bench_whatif: %s", qPrintable(error));
        for (const AttemptRecord &record : records)
            history.add(record);
        if (const QString error = history.flush(); !error.isEmpty())
            qFatal("bench_whatif: %s", qPrintable(error));
    }
    const double writtenMiB = Bench::peakResidentMiB();
    const Endpoint endpoint = Bench::labEndpoint();
    const QJsonObject file{{QStringLiteral("version"), 1},
                           {QStringLiteral("endpoints"), QJsonArray{endpointToJson(endpoint)}}};
    const EndpointsLoadResult loaded = EndpointsFile::parse(QJsonDocument(file).toJson(), path, QProcessEnvironment());
    if (!loaded.ok())
        qFatal("bench_whatif: %s", qPrintable(loaded.error));

    EndpointDialog dialog(loaded.document, 0, loaded.document.endpoints[0], QProcessEnvironment());
    dialog.setRecording(path, records.last().timeUtc.addSecs(1));
    named<QComboBox>(&dialog, "labRange")->setCurrentIndex(hours > 1 ? 1 : 0);
    dialog.resize(1200, 800);
    dialog.show();
    WhatIfPanel *lab = dialog.lab();
    auto *attempts = named<QSpinBox>(&dialog, "retry.maxAttempts");

    Bench::LagProbe lag;
    QElapsedTimer clock;
    std::vector<qint64> editToFigures; // the last change of a burst to its figures
    qint64 firstFigures = -1;
    qint64 lastEdit = -1;
    qint64 sweepStarted = -1;
    qint64 sweepMs = -1;
    int burst = 0;
    int step = 0;
    QTimer typist;
    typist.setInterval(150);
    QObject::connect(&typist, &QTimer::timeout, &app, [&] {
        attempts->setValue(2 + (burst * 3 + step) % 6);
        lastEdit = clock.elapsed();
        if (++step == 3) {
            step = 0;
            typist.stop(); // the pause: the replay follows it
        }
    });
    const auto startSweep = [&] {
        auto *key = named<QComboBox>(&dialog, "sweepKey");
        key->setCurrentIndex(key->findData(QStringLiteral("retry.maxAttempts")));
        named<QDoubleSpinBox>(&dialog, "sweepFrom")->setValue(1);
        named<QDoubleSpinBox>(&dialog, "sweepTo")->setValue(double(values));
        named<QSpinBox>(&dialog, "sweepCount")->setValue(int(values));
        sweepStarted = clock.elapsed();
        named<QPushButton>(&dialog, "sweep")->click();
    };
    QObject::connect(lab, &WhatIfPanel::updated, &app, [&] {
        const qint64 now = clock.elapsed();
        if (typist.isActive())
            return; // not a burst's figures (the page's own first replays)
        if (firstFigures < 0) {
            firstFigures = now;
        } else if (lastEdit >= 0) {
            editToFigures.push_back(now - std::exchange(lastEdit, -1));
            ++burst;
        } else {
            return;
        }
        if (burst < bursts)
            QTimer::singleShot(300, &typist, qOverload<>(&QTimer::start));
        else
            startSweep();
    });
    QObject::connect(lab, &WhatIfPanel::sweepFinished, &app, [&] {
        sweepMs = clock.elapsed() - sweepStarted;
        QTimer::singleShot(500, &app, &QCoreApplication::quit);
    });
    // Give up rather than hang: what did not finish is reported as such.
    QTimer::singleShot(std::chrono::minutes(5), &app, &QCoreApplication::quit);

    const double cpuBefore = Bench::cpuSeconds();
    clock.start();
    lag.start();
    dialog.findChild<QTabWidget *>()->setCurrentWidget(lab);
    QApplication::exec();
    lag.stop();
    const double seconds = double(clock.elapsed()) / 1000.0;

    std::sort(editToFigures.begin(), editToFigures.end());
    std::printf("policy lab page, one endpoint's %lld h at 1 s (%lld attempts in the history)\n", hours,
                qlonglong(records.size()));
    std::printf("first figures (read the history, replay both policies): %lld ms\n", firstFigures);
    if (!editToFigures.empty())
        std::printf("edit to figures (after a %d ms pause in typing): median %lld ms, max %lld ms over %zu bursts\n",
                    WhatIfPanel::typingPauseMs, editToFigures[editToFigures.size() / 2], editToFigures.back(),
                    editToFigures.size());
    std::printf("sweep of %lld values of retry.maxAttempts on %d threads: %lld ms%s\n", values,
                QThread::idealThreadCount(), sweepMs, sweepMs < 0 ? " (did not finish)" : "");
    std::printf("event-loop lag: p50 %lld ms, p99 %lld ms, max %lld ms over %zu samples (target p99 <= 30 ms: %s)\n",
                lag.at(0.5), lag.at(0.99), lag.max(), lag.samples(), lag.at(0.99) <= 30 ? "met" : "MISSED");
    std::printf("cpu: %.2f s over %.1f s; peak resident %.1f MiB (%.1f MiB once the bench had written the history)\n",
                Bench::cpuSeconds() - cpuBefore, seconds, Bench::peakResidentMiB(), writtenMiB);
    return 0;
}
