// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/sweep.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class SweepChart;
class WhatIfTimeline;

// The endpoint editor's policy lab (docs/policy-lab.md): the policy being
// edited against the endpoint's current one, both replayed over the
// endpoint's recorded last hour or day, figures side by side with the better
// one marked and a timeline of both; and a sweep of one key over a range.
// Everything slow (reading the history, every replay) runs on worker
// threads; the window only draws what they return. An edit replays after a
// pause in typing, and only while the page is shown.
class WhatIfPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WhatIfPanel)

public:
    explicit WhatIfPanel(QWidget *parent = nullptr);
    ~WhatIfPanel() override; // waits for a replay under way; a sweep stops

    // The history database to read (empty: the dashboard keeps none), the
    // endpoint as it runs (its name is the one recorded) and the time the
    // ranges end at.
    void setRecording(const QString &historyPath, const Endpoint &current, const QDateTime &nowUtc);
    // The endpoint is being added: it has no recording yet.
    void setNew();
    // The policy as the form has it.
    void setEdited(const Endpoint &edited);

    // For tests and the status line.
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] QString status() const;
    [[nodiscard]] const Lab::Trace *trace() const { return m_trace.get(); }
    [[nodiscard]] const Lab::Figures *currentFigures() const;
    [[nodiscard]] const Lab::Figures *editedFigures() const;

    static constexpr std::uint64_t seed = 1;
    static constexpr int typingPauseMs = 400;

signals:
    // A point of the sweep was clicked: set `keyPath` to `value`.
    void valueChosen(const QString &keyPath, double value);
    // Figures for the latest edit are shown (or why there are none).
    void updated();
    void sweepFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Result;
    QWidget *sweepBox();
    void schedule();
    void start();
    void finished();
    void present(const Result &result);
    void setStatus(const QString &text);
    void fitFigures();
    void sweepKeyChosen();
    void startSweep();
    void sweepDone();

    QString m_historyPath;
    Endpoint m_current;
    bool m_hasCurrent = false;
    QDateTime m_nowUtc;
    Endpoint m_edited;
    bool m_hasEdited = false;
    bool m_dirty = false; // the edit has changed since it was replayed
    bool m_reload = true; // the trace must be read (again)
    std::shared_ptr<const Lab::Trace> m_trace;
    std::shared_ptr<const Lab::Replay> m_currentReplay;
    std::shared_ptr<const Lab::Replay> m_editedReplay;

    QThreadPool m_pool; // one worker: the replays of the edit, in turn
    QThreadPool m_sweepPool; // a worker per core: the sweep's replays
    QTimer m_typing;
    std::unique_ptr<QFutureWatcher<Result>> m_watcher;
    std::unique_ptr<QFutureWatcher<QList<Lab::SweepPoint>>> m_sweepWatcher;
    std::shared_ptr<std::atomic_bool> m_sweepCancel;
    QString m_sweptKey;
    bool m_sweptCurrent = false; // the sweep varied the current policy, unedited

    QComboBox *m_range = nullptr;
    QLabel *m_status = nullptr;
    QTableWidget *m_figures = nullptr;
    WhatIfTimeline *m_timeline = nullptr;
    QComboBox *m_sweepKey = nullptr;
    QDoubleSpinBox *m_sweepFrom = nullptr;
    QDoubleSpinBox *m_sweepTo = nullptr;
    QSpinBox *m_sweepCount = nullptr;
    QPushButton *m_sweepButton = nullptr;
    QLabel *m_sweepStatus = nullptr;
    SweepChart *m_sweepChart = nullptr;
};
