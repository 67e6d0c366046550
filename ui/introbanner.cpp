// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/introbanner.h"

#include "ui/dashboardsettings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace {

const QString dismissedKey = QStringLiteral("intro/dismissed");

} // namespace

IntroBanner::IntroBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("introBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    auto *text = new QLabel(
        tr("<b>This is the built-in demo.</b> Eleven endpoints on a small fault server inside Retryscope, each "
           "failing in its own way: hover an endpoint's name to read what it shows and what to look for. Select "
           "an endpoint to follow it in the charts, and an attempt below to see its whole cycle. Add your own "
           "service with <i>Edit ▸ Add endpoint</i> (Ctrl+N). <a href=\"start\">Getting started</a>"));
    text->setObjectName(QStringLiteral("introText"));
    text->setWordWrap(true);
    text->setForegroundRole(QPalette::ToolTipText);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(text, &QLabel::linkActivated, this, &IntroBanner::gettingStartedWanted);
    auto *close = new QToolButton;
    close->setObjectName(QStringLiteral("dismissIntro"));
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss: Help ▸ Getting started has the same and more"));
    connect(close, &QToolButton::clicked, this, [this] {
        DashboardSettings().setValue(dismissedKey, true);
        hide();
    });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

IntroBanner::~IntroBanner() = default;

void IntroBanner::offer()
{
    setVisible(!dismissedBefore());
}

bool IntroBanner::dismissedBefore()
{
    return DashboardSettings().value(dismissedKey, false).toBool();
}
