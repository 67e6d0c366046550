// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

// Delivers SIGINT and SIGTERM as a Qt signal in the event loop, so that a
// console run can finish its writes and exit cleanly. A signal handler may
// only do async-signal-safe things, so it writes the signal number to a
// socket pair (the self-pipe trick) and a QSocketNotifier reads it. One
// instance at a time; the default handlers come back when it is destroyed.
class TerminationSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

signals:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
