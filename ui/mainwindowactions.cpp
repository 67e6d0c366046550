// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's menus, toolbar and the actions behind them.
#include "ui/columnchooser.h"
#include "ui/dashboardsettings.h"
#include "ui/endpointeditor.h"
#include "ui/mainwindow.h"
#include "ui/trayindicator.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>

QAction *MainWindow::addAction(QMenu *menu, const QString &text, const char *objectName, std::function<void()> slot,
                               bool needsSelection)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(QString::fromLatin1(objectName));
    connect(action, &QAction::triggered, this, std::move(slot));
    if (needsSelection)
        m_selectionActions.append(action);
    return action;
}

void MainWindow::buildActions()
{
    const auto onSelected = [this](auto &&use) {
        return [this, use] {
            if (const auto e = selectedEndpoint())
                use(*e);
        };
    };

    QMenu *file = menuBar()->addMenu(tr("&File"));
    addAction(file, tr("&Open endpoints file…"), "openEndpoints", [this] {
        openEndpointsFile();
    })->setShortcut(QKeySequence::Open);
    addAction(file, tr("Save endpoints &as…"), "saveEndpointsAs", [this] {
        saveEndpointsFileAs();
    })->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction *exportAttempts = addAction(file, tr("&Export attempts…"), "exportAttempts", [this] { exportCsv(false); });
    exportAttempts->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    exportAttempts->setEnabled(m_history);
    QAction *exportTransitions
        = addAction(file, tr("Export &transitions…"), "exportTransitions", [this] { exportCsv(true); });
    exportTransitions->setShortcut(QKeySequence(tr("Ctrl+Shift+X")));
    exportTransitions->setEnabled(m_history);
    file->addSeparator();
    QAction *quit = addAction(file, tr("&Quit"), "quit", [this] { close(); });
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *add = addAction(edit, tr("&Add endpoint…"), "addEndpoint", [this] { m_editor->add(); });
    add->setShortcut(QKeySequence::New);
    QAction *change = addAction(edit, tr("&Edit endpoint…"), "editEndpoint",
                                onSelected([this](const Endpoint &e) { m_editor->edit(e.name); }), true);
    change->setShortcut(QKeySequence(tr("Ctrl+E")));
    addAction(edit, tr("&Duplicate endpoint…"), "duplicateEndpoint",
              onSelected([this](const Endpoint &e) { m_editor->duplicate(e.name); }), true)
        ->setShortcut(QKeySequence(tr("Ctrl+D")));
    QAction *remove = addAction(edit, tr("&Remove endpoint"), "removeEndpoint",
                                onSelected([this](const Endpoint &e) { m_editor->remove(e.name); }), true);
    remove->setShortcut(QKeySequence::Delete);
    remove->setToolTip(tr("Remove the selected endpoint (Undo brings it back)"));
    edit->addSeparator();
    addAction(edit, tr("&Find endpoint"), "find", [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    })->setShortcut(QKeySequence::Find);

    QMenu *monitor = menuBar()->addMenu(tr("&Monitor"));
    QAction *pauseAll = addAction(monitor, tr("Pause all"), "pauseAll", [this] { m_monitor.scheduler().pauseAll(); });
    QAction *resumeAll
        = addAction(monitor, tr("Resume all"), "resumeAll", [this] { m_monitor.scheduler().resumeAll(); });
    monitor->addSeparator();
    QAction *pause = addAction(monitor, tr("&Pause"), "pause",
                               onSelected([this](const Endpoint &e) { m_monitor.scheduler().pause(e.name); }), true);
    QAction *resume = addAction(monitor, tr("Res&ume"), "resume",
                                onSelected([this](const Endpoint &e) { m_monitor.scheduler().resume(e.name); }), true);
    monitor->addSeparator();
    // Manual breaker control (docs/endpoints-file.md's forced_open and disabled).
    QAction *trip
        = addAction(monitor, tr("&Trip breaker"), "tripBreaker",
                    onSelected([this](const Endpoint &e) { m_monitor.client().breaker(e).forceOpen(); }), true);
    trip->setToolTip(tr("Force the selected endpoint's breaker open: nothing is sent until it is reset"));
    QAction *reset = addAction(monitor, tr("&Reset breaker"), "resetBreaker",
                               onSelected([this](const Endpoint &e) { m_monitor.client().breaker(e).reset(); }), true);
    QAction *disable
        = addAction(monitor, tr("&Disable breaker"), "disableBreaker",
                    onSelected([this](const Endpoint &e) { m_monitor.client().breaker(e).disable(); }), true);
    // Every monitor action from the keyboard; Shift widens pause and resume
    // to every endpoint, and turns tripping into resetting.
    pause->setShortcut(QKeySequence(tr("Ctrl+P")));
    resume->setShortcut(QKeySequence(tr("Ctrl+R")));
    pauseAll->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    resumeAll->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    trip->setShortcut(QKeySequence(tr("Ctrl+T")));
    reset->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    disable->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    reset->setToolTip(tr("Close the selected endpoint's breaker and forget its failures"));
    disable->setToolTip(tr("Let every request through the selected endpoint's breaker; Reset turns it on again"));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addMenu(m_endpointColumns->menu());

    // The toolbar says it short (the menus say it whole), so that it fits a
    // 1024-pixel window.
    for (const auto &[action, label] : {std::pair{add, tr("Add")},
                                        {change, tr("Edit")},
                                        {remove, tr("Remove")},
                                        {trip, tr("Trip")},
                                        {reset, tr("Reset")},
                                        {disable, tr("Disable")},
                                        {exportAttempts, tr("Export attempts")},
                                        {exportTransitions, tr("Export transitions")}})
        action->setIconText(label);
    auto *toolbar = addToolBar(tr("Monitor"));
    toolbar->setObjectName(QStringLiteral("monitorToolbar"));
    for (QAction *action : {add, change, remove})
        toolbar->addAction(action);
    toolbar->addSeparator();
    for (QAction *action : {pauseAll, resumeAll})
        toolbar->addAction(action);
    toolbar->addSeparator();
    for (QAction *action : {pause, resume})
        toolbar->addAction(action);
    toolbar->addSeparator();
    for (QAction *action : {trip, reset, disable})
        toolbar->addAction(action);
    toolbar->addSeparator();
    for (QAction *action : {exportAttempts, exportTransitions})
        toolbar->addAction(action);
    m_viewMenu->addAction(toolbar->toggleViewAction());

    auto *trayMenu = new QMenu(this);
    trayMenu->addAction(tr("Show Retryscope"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    trayMenu->addAction(pauseAll);
    trayMenu->addAction(resumeAll);
    trayMenu->addSeparator();
    trayMenu->addAction(quit);
    m_tray = new TrayIndicator(trayMenu, this);
    connect(m_tray, &TrayIndicator::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    m_viewMenu->addSeparator();
    QAction *notify = addAction(m_viewMenu, tr("&Notify on breaker transitions"), "notifyTransitions", [] {});
    notify->setCheckable(true);
    notify->setChecked(DashboardSettings().value(QStringLiteral("notifications/breakerTransitions"), false).toBool());
    notify->setEnabled(m_tray->available());
    if (!m_tray->available()) // said in the item itself: menus show no tooltip of a greyed item
        notify->setText(tr("&Notify on breaker transitions (this desktop has no system tray)"));
    m_tray->setNotificationsEnabled(notify->isChecked());
    connect(notify, &QAction::toggled, m_tray, &TrayIndicator::setNotificationsEnabled);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    addAction(help, tr("&Getting started"), "gettingStarted", [this] {
        showGettingStarted();
    })->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    addAction(help, tr("&About Retryscope"), "about", [this] { showAbout(); })->setMenuRole(QAction::AboutRole);
    addAction(help, tr("About &Qt"), "aboutQt", [] { QApplication::aboutQt(); })->setMenuRole(QAction::AboutQtRole);

    // Menus show their items' tooltips (Qt's default hides them).
    for (QMenu *menu : menuBar()->findChildren<QMenu *>())
        menu->setToolTipsVisible(true);
}

void MainWindow::setEndpointsFile(const QString &path)
{
    m_editor->setPath(path);
}

void MainWindow::updateTitle()
{
    const QString path = m_editor->path();
    setWindowTitle(path.isEmpty() ? tr("Retryscope — demo (edits are not saved)")
                                  : tr("Retryscope — %1").arg(QFileInfo(path).fileName()));
    setWindowFilePath(path);
}

void MainWindow::openEndpointsFile()
{
    const QString path = m_chooseOpenFile();
    if (path.isEmpty())
        return;
    if (const QString error = m_editor->open(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot open the endpoints file"), error);
}

void MainWindow::saveEndpointsFileAs()
{
    const QString path = m_chooseSaveFile(tr("Save endpoints as"), QStringLiteral("endpoints.json"));
    if (path.isEmpty())
        return;
    if (const QString error = m_editor->saveAs(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot save the endpoints file"), error);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Retryscope"),
        tr("<h3>Retryscope %1</h3>"
           "<p>See and tune how software retries: every attempt, backoff delay, breaker transition and error "
           "category, live.</p>"
           "<p>Copyright © 2026 the Retryscope authors. Licensed under the GNU General Public License, version 3 "
           "or later. Built with Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}
