// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dashboard/cycletimeline.h"

#include <QWidget>

// The selected cycle as a waterfall: one row per attempt with its phases
// (queued, connecting, sending, waiting for the server, receiving), then the
// wait before the next attempt, hatched when the server's Retry-After set it.
class CycleWaterfall final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CycleWaterfall)

public:
    explicit CycleWaterfall(QWidget *parent = nullptr);
    ~CycleWaterfall() override;

    void setCycle(const QList<AttemptRecord> &attempts);
    // The line above the bars: endpoint, cycle, its length, how and why it
    // ended ("failed: budget exhausted").
    [[nodiscard]] QString heading() const;
    [[nodiscard]] const CycleTimeline &timeline() const { return m_timeline; }
    [[nodiscard]] QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    CycleTimeline m_timeline;
};
