// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/guimode.h"

#include "app/endpointsource.h"
#include "app/historysetup.h"
#include "app/metricsexport.h"
#include "core/config/demoendpoints.h"
#include "core/util/randomsource.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTextStream>

int runGui(int &argc, char **argv, const CommandLine &commandLine)
{
    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/retryscope.svg")));
    // Ties the windows to the installed .desktop file (its icon and name on Wayland).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.retryscope.Retryscope"));
    const SystemClock clock;
    SeededRandom random(SeededRandom::entropySeed());

    EndpointSource source = openEndpointSource(commandLine, clock);
    if (!source.error.isEmpty() && source.backup) {
        // A refused file with a good backup: offer the backup.
        QTextStream(stderr) << "retryscope: " << source.error << Qt::endl;
        const QString problem = source.error.section(QStringLiteral("; the last good version"), 0, 0);
        QMessageBox box(QMessageBox::Warning, QStringLiteral("Retryscope"),
                        QStringLiteral("The endpoints file was refused:\n%1").arg(problem));
        box.setInformativeText(QStringLiteral("The last good version is kept in %1. Open it instead? Edits are then "
                                              "saved to the endpoints file again (a file that is not JSON is kept "
                                              "beside it as .corrupt).")
                                   .arg(source.backupPath));
        QPushButton *openBackupButton = box.addButton(QStringLiteral("Open the backup"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Close);
        box.exec();
        if (box.clickedButton() == openBackupButton)
            source = useBackup(std::move(source));
    }
    if (!source.error.isEmpty()) {
        QTextStream(stderr) << "retryscope: " << source.error << Qt::endl;
        QMessageBox::critical(nullptr, QStringLiteral("Retryscope"), source.error);
        return source.exitCode;
    }
    History history(clock);
    Monitor monitor(clock, random);
    const MetricsExport metrics = startMetricsExport(commandLine, monitor, clock);
    if (!metrics.error.isEmpty()) {
        QTextStream(stderr) << "retryscope: " << metrics.error << Qt::endl;
        QMessageBox::critical(nullptr, QStringLiteral("Retryscope"), metrics.error);
        return 1;
    }
    if (!metrics.url.isEmpty()) {
        QTextStream(stderr) << "retryscope: metrics at " << metrics.url << Qt::endl;
        source.notes.append(QStringLiteral("metrics at ") + metrics.url);
    }
    QString historyNote;
    const QString historyError = setUpHistory(history, monitor, commandLine, source.endpoints, &historyNote);

    MainWindow window(monitor, clock, historyError.isEmpty() ? &history : nullptr);
    window.setEndpointsFile(source.watchPath); // the demo has none: its edits are not saved
    if (source.demo)
        window.introduceDemo(demoEndpointNotes());
    window.show();
    window.statusBar()->showMessage(historyError.isEmpty() ? source.notes.join(QStringLiteral(" · "))
                                                           : historyError + QStringLiteral("; running without history"),
                                    historyError.isEmpty() ? 20000 : 0); // a missing history stays said
    QObject::connect(&monitor, &Monitor::configRejected, &window,
                     [&window](const QString &error) { window.statusBar()->showMessage(error); });

    monitor.setDocument(source.document);
    if (!source.watchPath.isEmpty())
        monitor.watch(source.watchPath, QProcessEnvironment::systemEnvironment());
    const int status = QApplication::exec();
    monitor.stop();
    QCoreApplication::sendPostedEvents();
    return status;
}
