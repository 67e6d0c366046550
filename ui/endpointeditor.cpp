// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/endpointeditor.h"

#include "core/config/endpointjson.h"
#include "core/config/endpointsedit.h"
#include "core/dashboard/endpointstats.h"
#include "core/store/history.h"
#include "core/util/clock.h"
#include "ui/endpointdialog.h"

#include <QFileInfo>
#include <QUndoCommand>

// One change to the endpoint set, undone by putting the previous document
// back (and saving it).
class DocumentChange final : public QUndoCommand
{
public:
    DocumentChange(EndpointEditor &editor, EndpointsDocument before, EndpointsDocument after, const QString &text)
        : QUndoCommand(text)
        , m_editor(editor)
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }

    void redo() override
    {
        if (std::exchange(m_first, false))
            return; // commit() already applied it
        report(m_editor.apply(m_after, true));
    }
    void undo() override { report(m_editor.apply(m_before, true)); }

private:
    void report(const QString &error)
    {
        if (!error.isEmpty())
            emit m_editor.failed(error);
        else
            emit m_editor.message(QObject::tr("%1: done").arg(text()));
    }

    EndpointEditor &m_editor;
    EndpointsDocument m_before;
    EndpointsDocument m_after;
    bool m_first = true;
};

EndpointEditor::EndpointEditor(Monitor &monitor, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_dialogParent(dialogParent)
{
    // An edit made outside the app replaces the set: the undo history no
    // longer describes it.
    connect(&m_monitor, &Monitor::configReloaded, &m_undo, &QUndoStack::clear);
}

EndpointEditor::~EndpointEditor() = default;

void EndpointEditor::setPath(const QString &path)
{
    m_path = path;
    emit pathChanged(path);
}

EndpointDialog *EndpointEditor::add()
{
    return openDialog(-1, endpointFromDefaults(m_monitor.document().defaults));
}

EndpointDialog *EndpointEditor::edit(const QString &name)
{
    const qsizetype index = EndpointsEdit::indexOf(m_monitor.document(), name);
    return index < 0 ? nullptr : openDialog(index, m_monitor.document().endpoints.at(index), name);
}

EndpointDialog *EndpointEditor::duplicate(const QString &name)
{
    const qsizetype index = EndpointsEdit::indexOf(m_monitor.document(), name);
    if (index < 0)
        return nullptr;
    Endpoint copy = m_monitor.document().endpoints.at(index);
    copy.name = EndpointsEdit::copyName(m_monitor.document(), name);
    return openDialog(-1, copy, name); // the same server, so far
}

void EndpointEditor::setRetryPolicy(const QString &name, const RetryPolicy &policy)
{
    const qsizetype index = EndpointsEdit::indexOf(m_monitor.document(), name);
    if (index < 0) {
        emit failed(tr("%1 is no longer monitored; the policy was not applied.").arg(name));
        return;
    }
    Endpoint changed = m_monitor.document().endpoints.at(index);
    changed.retry = policy;
    const EndpointsLoadResult result = EndpointsEdit::put(m_monitor.document(), index, changed, m_environment);
    if (!result.ok()) {
        emit failed(result.error);
        return;
    }
    commit(result.document, tr("Change the retry policy of %1").arg(name));
}

void EndpointEditor::remove(const QString &name)
{
    const qsizetype index = EndpointsEdit::indexOf(m_monitor.document(), name);
    if (index < 0)
        return;
    const EndpointsLoadResult result = EndpointsEdit::remove(m_monitor.document(), index, m_environment);
    if (!result.ok()) {
        emit failed(result.error);
        return;
    }
    commit(result.document, tr("Remove %1").arg(name));
}

EndpointDialog *EndpointEditor::openDialog(qsizetype index, const Endpoint &initial, const QString &observed)
{
    auto *dialog = new EndpointDialog(m_monitor.document(), index, initial, m_environment, m_dialogParent);
    if (m_stats && m_clock && !observed.isEmpty()) {
        const QDateTime now = m_clock->utcNow();
        dialog->setObservedCertificate(m_stats->snapshot(observed, now).certificateExpiryUtc, now);
    }
    if (index >= 0) {
        // What is still queued for the history is written first, so that
        // the lab replays up to now.
        if (m_history)
            (void)m_history->flush();
        dialog->setRecording(m_history ? m_history->path() : QString(),
                             m_clock ? m_clock->utcNow() : QDateTime::currentDateTimeUtc());
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString before = initial.name;
    connect(dialog, &QDialog::accepted, this, [this, dialog, index, before] {
        const EndpointsLoadResult &result = dialog->result();
        if (!result.ok())
            return; // OK is disabled then; nothing to do
        const QString name = dialog->endpoint().name;
        commit(result.document,
               index < 0            ? tr("Add %1").arg(name)
                   : before == name ? tr("Edit %1").arg(name)
                                    : tr("Edit %1 (now %2)").arg(before, name));
    });
    dialog->open();
    return dialog;
}

void EndpointEditor::commit(const EndpointsDocument &next, const QString &text)
{
    EndpointsDocument before = m_monitor.document();
    if (const QString error = apply(next, false); !error.isEmpty()) {
        emit failed(error);
        return;
    }
    m_undo.push(new DocumentChange(*this, std::move(before), next, text));
    emit message(m_path.isEmpty() ? tr("%1 (not saved: the demo has no endpoints file)").arg(text)
                                  : tr("%1; saved %2").arg(text, QFileInfo(m_path).fileName()));
}

QString EndpointEditor::apply(const EndpointsDocument &document, bool evenIfNotSaved)
{
    QString error;
    if (!m_path.isEmpty())
        error = EndpointsFile::save(m_path, document);
    if (error.isEmpty() || evenIfNotSaved)
        m_monitor.setDocument(document);
    return error;
}

QString EndpointEditor::open(const QString &path)
{
    const EndpointsLoadResult loaded = EndpointsFile::load(path, m_environment);
    if (!loaded.ok())
        return loaded.error;
    m_monitor.setDocument(loaded.document);
    m_monitor.watch(path, m_environment);
    m_undo.clear();
    setPath(path);
    emit message(
        tr("Opened %1: %2 endpoints").arg(QFileInfo(path).absoluteFilePath()).arg(loaded.document.endpoints.size()));
    return {};
}

QString EndpointEditor::saveAs(const QString &path)
{
    if (QString error = EndpointsFile::save(path, m_monitor.document()); !error.isEmpty())
        return error;
    m_monitor.watch(path, m_environment);
    setPath(path);
    emit message(tr("Saved the endpoints to %1").arg(QFileInfo(path).absoluteFilePath()));
    return {};
}
