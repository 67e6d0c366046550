// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/monitor/monitor.h"

#include <QObject>
#include <QUndoStack>

class Clock;
class EndpointDialog;
class EndpointStats;
class History;
class QWidget;

// The dashboard's edits to the endpoint set: add, edit, duplicate and
// remove through the endpoint dialog, each an undoable step that writes the
// endpoints file (atomically, keeping `.bak`) and applies the result to the
// running monitor. Also opens another endpoints file or saves under a new
// name. Without a file (the demo) edits apply to the running set only.
class EndpointEditor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointEditor)

public:
    EndpointEditor(Monitor &monitor, QWidget *dialogParent, QObject *parent = nullptr);
    ~EndpointEditor() override;

    // Where edits are saved; empty = nowhere.
    [[nodiscard]] QString path() const { return m_path; }
    void setPath(const QString &path);
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    [[nodiscard]] QUndoStack *undoStack() { return &m_undo; }
    // What the monitor has seen of each endpoint (the last certificate), for
    // the dialog's lint; without it the dialog lints the settings alone.
    void setObservations(const EndpointStats *stats, const Clock *clock)
    {
        m_stats = stats;
        m_clock = clock;
    }

    // The history the dialog's policy lab replays; null: none is kept.
    void setHistory(History *history) { m_history = history; }

    // Open the endpoint dialog (window-modal, not blocking); the change is
    // made when it is accepted. Returns the dialog, for tests.
    EndpointDialog *add();
    EndpointDialog *edit(const QString &name);
    EndpointDialog *duplicate(const QString &name);
    void remove(const QString &name);
    // Gives `name` another retry policy (the policy dock's Apply), undoably.
    void setRetryPolicy(const QString &name, const RetryPolicy &policy);

    // Replaces the running set with a file's, and follows that file; an
    // error message, or empty.
    QString open(const QString &path);
    // Writes the running set to `path` and follows it from then on.
    QString saveAs(const QString &path);

signals:
    // A line for the status bar.
    void message(const QString &text);
    // A change could not be made or saved (shown in a message box).
    void failed(const QString &error);
    void pathChanged(const QString &path);

private:
    friend class DocumentChange;
    // `observed`: the endpoint whose observations the dialog lints with.
    EndpointDialog *openDialog(qsizetype index, const Endpoint &initial, const QString &observed = {});
    void commit(const EndpointsDocument &next, const QString &text);
    // Saves (when there is a file) and runs `document`; the save's error.
    // A new change that cannot be saved is not made; an undo or redo that
    // cannot be saved still runs (the message says the file lags behind).
    QString apply(const EndpointsDocument &document, bool evenIfNotSaved);

    Monitor &m_monitor;
    QWidget *m_dialogParent;
    QString m_path;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QUndoStack m_undo;
    const EndpointStats *m_stats = nullptr;
    const Clock *m_clock = nullptr;
    History *m_history = nullptr;
};
