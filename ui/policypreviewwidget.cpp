// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/policypreviewwidget.h"

#include "core/policy/policypreview.h"
#include "core/util/randomsource.h"
#include "ui/backoffpreviewchart.h"
#include "ui/fieldhelp.h"
#include "ui/formfields.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

PolicyPreviewWidget::PolicyPreviewWidget(QWidget *parent)
    : QWidget(parent)
    , m_strategy(new QComboBox)
    , m_jitter(new QComboBox)
    , m_maxAttempts(FormFields::spinBox("retry.maxAttempts"))
    , m_initialDelay(FormFields::spinBox("retry.initialDelayMs"))
    , m_multiplier(FormFields::doubleBox("retry.multiplier", 2))
    , m_maxDelay(FormFields::spinBox("retry.maxDelayMs"))
    , m_jitterFactor(FormFields::doubleBox("retry.jitterFactor", 2))
    , m_problems(new QLabel)
    , m_whatIf(new QLabel)
    , m_apply(new QPushButton(tr("&Apply")))
    , m_revert(new QPushButton(tr("Re&vert")))
    , m_chart(new BackoffPreviewChart)
{
    setObjectName(QStringLiteral("policyPreview"));

    m_strategy->setObjectName(QStringLiteral("retry.strategy"));
    for (const BackoffStrategy strategy : allStrategies())
        m_strategy->addItem(QString(strategyName(strategy)), QVariant::fromValue(static_cast<int>(strategy)));
    m_jitter->setObjectName(QStringLiteral("retry.jitter"));
    for (const JitterMode mode : allJitterModes())
        m_jitter->addItem(QString(jitterName(mode)), QVariant::fromValue(static_cast<int>(mode)));

    m_multiplier->setSingleStep(0.25);

    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problems->hide();

    m_whatIf->setObjectName(QStringLiteral("whatIf"));
    m_whatIf->setWordWrap(true);
    m_apply->setObjectName(QStringLiteral("applyPolicy"));
    m_revert->setObjectName(QStringLiteral("revertPolicy"));
    m_revert->setToolTip(tr("Back to the endpoint's policy as it runs"));
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (!m_target.isEmpty())
            emit applyRequested(m_target, policy());
    });
    connect(m_revert, &QPushButton::clicked, this, [this] { setPolicy(m_base); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(m_revert);
    buttons->addStretch(1);

    auto *form = new QFormLayout;
    form->addRow(m_whatIf);
    for (auto [path, field] :
         std::initializer_list<std::pair<const char *, QWidget *>>{{"retry.strategy", m_strategy},
                                                                   {"retry.initialDelayMs", m_initialDelay},
                                                                   {"retry.multiplier", m_multiplier},
                                                                   {"retry.maxDelayMs", m_maxDelay},
                                                                   {"retry.jitter", m_jitter},
                                                                   {"retry.jitterFactor", m_jitterFactor},
                                                                   {"retry.maxAttempts", m_maxAttempts}})
        form->addRow(FormFields::label(path), field);
    form->addRow(m_problems);
    form->addRow(buttons);

    auto *caption = new QLabel(tr("Each box is the range the delay before that retry can fall in; the dashed "
                                  "line is the envelope before jitter, and each dot a delay drawn from one of "
                                  "%1 simulated cycles.")
                                   .arg(sampleCycles));
    caption->setWordWrap(true);
    caption->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(caption);

    m_controls = new QWidget;
    m_controls->setLayout(form);
    m_controls->setMaximumWidth(320);
    // The chart asks for no width of its own: the dock may be narrower than
    // controls and chart side by side (then the chart goes below, and the
    // dock scrolls; see resizeEvent).
    m_chart->setMinimumSize(1, 1);
    m_layout = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_layout->addWidget(m_controls, 0, Qt::AlignTop);
    m_layout->addWidget(m_chart, 1);

    const auto edited = [this] {
        if (!m_updating)
            refresh();
    };
    connect(m_strategy, &QComboBox::currentIndexChanged, this, edited);
    connect(m_jitter, &QComboBox::currentIndexChanged, this, edited);
    connect(m_maxAttempts, &QSpinBox::valueChanged, this, edited);
    connect(m_initialDelay, &QSpinBox::valueChanged, this, edited);
    connect(m_maxDelay, &QSpinBox::valueChanged, this, edited);
    connect(m_multiplier, &QDoubleSpinBox::valueChanged, this, edited);
    connect(m_jitterFactor, &QDoubleSpinBox::valueChanged, this, edited);

    applyFieldHelp(this);
    m_whatIf->hide(); // until setTarget(): inside the endpoint editor there is nothing to apply
    m_apply->hide();
    m_revert->hide();
    setPolicy(RetryPolicy{});
}

void PolicyPreviewWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const int chartWidth = fontMetrics().horizontalAdvance(u'M') * 20;
    const bool beside = width() >= m_controls->sizeHint().width() + chartWidth;
    const auto direction = beside ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_layout->direction() == direction)
        return;
    m_layout->setDirection(direction);
    m_chart->setMinimumHeight(beside ? 1 : fontMetrics().height() * 14);
}

void PolicyPreviewWidget::setTarget(const QString &endpoint)
{
    m_target = endpoint;
    m_whatIf->show();
    m_apply->setVisible(!endpoint.isEmpty());
    m_revert->setVisible(!endpoint.isEmpty());
    m_apply->setToolTip(tr("Make this the retry policy of %1 (Edit ▸ Undo takes it back)").arg(endpoint));
    refresh();
}

bool PolicyPreviewWidget::isModified() const
{
    return m_shownBase && !(policy() == *m_shownBase);
}

PolicyPreviewWidget::~PolicyPreviewWidget() = default;

RetryPolicy PolicyPreviewWidget::policy() const
{
    RetryPolicy policy = m_base;
    policy.strategy = static_cast<BackoffStrategy>(m_strategy->currentData().toInt());
    policy.jitter = static_cast<JitterMode>(m_jitter->currentData().toInt());
    policy.maxAttempts = m_maxAttempts->value();
    policy.initialDelay = std::chrono::milliseconds(m_initialDelay->value());
    policy.multiplier = m_multiplier->value();
    policy.maxDelay = std::chrono::milliseconds(m_maxDelay->value());
    policy.jitterFactor = m_jitterFactor->value();
    return policy;
}

void PolicyPreviewWidget::setPolicy(const RetryPolicy &policy)
{
    m_base = policy;
    m_updating = true;
    m_strategy->setCurrentIndex(m_strategy->findData(static_cast<int>(policy.strategy)));
    m_jitter->setCurrentIndex(m_jitter->findData(static_cast<int>(policy.jitter)));
    m_maxAttempts->setValue(policy.maxAttempts);
    m_initialDelay->setValue(static_cast<int>(policy.initialDelay.count()));
    m_multiplier->setValue(policy.multiplier);
    m_maxDelay->setValue(static_cast<int>(policy.maxDelay.count()));
    m_jitterFactor->setValue(policy.jitterFactor);
    m_updating = false;
    m_shownBase.emplace(this->policy());
    refresh();
}

void PolicyPreviewWidget::refresh()
{
    const RetryPolicy current = policy();
    m_multiplier->setEnabled(current.strategy == BackoffStrategy::Exponential);
    m_jitterFactor->setEnabled(current.jitter == JitterMode::Proportional);

    const bool modified = isModified();
    const QStringList problems = current.validate();
    m_apply->setEnabled(modified && problems.isEmpty());
    m_revert->setEnabled(modified);
    if (m_target.isEmpty())
        m_whatIf->setText(tr("A preview: select an endpoint to try changes on its policy."));
    else if (modified)
        m_whatIf->setText(tr("<b>What-if:</b> %1 still runs its own policy; Apply makes this one its policy.")
                              .arg(m_target.toHtmlEscaped()));
    else
        m_whatIf->setText(
            tr("The policy %1 runs. Changes here are a what-if until you Apply them.").arg(m_target.toHtmlEscaped()));
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
    if (problems.isEmpty()) {
        SeededRandom random(sampleSeed);
        m_chart->showPreview(previewPolicy(current, random, sampleCycles), current.maxDelay);
    } else {
        m_chart->showPreview({}, current.maxDelay);
    }
    emit policyChanged(current);
}
