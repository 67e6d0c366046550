// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

// The first-start explanation above the endpoints table: what the demo is,
// where to look, how to add one's own service. Dismissed for good with its
// close button (remembered in the dashboard settings).
class IntroBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntroBanner)

public:
    explicit IntroBanner(QWidget *parent = nullptr);
    ~IntroBanner() override;

    // Shows the banner unless the user dismissed it before.
    void offer();
    [[nodiscard]] static bool dismissedBefore();

signals:
    void gettingStartedWanted();
};
