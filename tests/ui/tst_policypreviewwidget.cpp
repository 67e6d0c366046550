// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backoffpreviewchart.h"
#include "ui/policypreviewwidget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace std::chrono_literals;

Q_DECLARE_METATYPE(RetryPolicy)

class TestPolicyPreviewWidget final : public QObject
{
    Q_OBJECT

private:
    template<typename T> static T *child(QWidget &parent, const char *name)
    {
        auto *widget = parent.findChild<T *>(QString::fromLatin1(name));
        Q_ASSERT_X(widget, "child", name);
        return widget;
    }

    static void typeInto(QAbstractSpinBox *box, const QString &text)
    {
        box->setFocus();
        QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Enter);
    }

    static void choose(QComboBox *combo, const QString &text)
    {
        // Keyboard selection, as a user without a mouse would do it.
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        while (combo->currentText() != text) {
            const int before = combo->currentIndex();
            QTest::keyClick(combo, Qt::Key_Down);
            QVERIFY2(combo->currentIndex() != before, qPrintable(text));
        }
    }

private slots:
    void initTestCase() { qRegisterMetaType<RetryPolicy>(); }

    void showsTheDefaultPolicy()
    {
        PolicyPreviewWidget widget;
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QCOMPARE(widget.policy(), RetryPolicy{});
        auto *chart = child<BackoffPreviewChart>(widget, "backoffPreviewChart");
        // 4 retries: two points per step, and 40 samples per retry.
        QCOMPARE(chart->bandUpper()->count(), 8);
        QCOMPARE(chart->samples()->count(), 4 * PolicyPreviewWidget::sampleCycles);
        QCOMPARE(chart->bandLower()->at(0), QPointF(0.5, 500));
        QCOMPARE(chart->bandUpper()->at(1), QPointF(1.5, 1500));
        QCOMPARE(chart->envelope()->at(7), QPointF(4.5, 8000));
        QCOMPARE(chart->capLine()->count(), 2);
        for (const QPointF &point : chart->samples()->points()) {
            const int retry = qRound(point.x());
            const double e = 1000.0 * (1 << (retry - 1));
            QVERIFY(point.y() >= e * 0.5 && point.y() <= e * 1.5);
        }
    }

    void editingUpdatesChartAndSignal()
    {
        PolicyPreviewWidget widget;
        widget.show();
        QSignalSpy changed(&widget, &PolicyPreviewWidget::policyChanged);
        auto *chart = child<BackoffPreviewChart>(widget, "backoffPreviewChart");

        choose(child<QComboBox>(widget, "retry.jitter"), QStringLiteral("none"));
        QCOMPARE(widget.policy().jitter, JitterMode::None);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.last().at(0).value<RetryPolicy>().jitter, JitterMode::None);
        QVERIFY(!child<QDoubleSpinBox>(widget, "retry.jitterFactor")->isEnabled());
        for (const QPointF &point : chart->samples()->points())
            QCOMPARE(point.y(), 1000.0 * (1 << (qRound(point.x()) - 1)));

        typeInto(child<QSpinBox>(widget, "retry.maxAttempts"), QStringLiteral("3"));
        QCOMPARE(widget.policy().maxAttempts, 3);
        QCOMPARE(chart->samples()->count(), 2 * PolicyPreviewWidget::sampleCycles);
        QCOMPARE(chart->bandUpper()->count(), 4);

        choose(child<QComboBox>(widget, "retry.strategy"), QStringLiteral("linear"));
        QVERIFY(!child<QDoubleSpinBox>(widget, "retry.multiplier")->isEnabled());
        QCOMPARE(chart->envelope()->at(3), QPointF(2.5, 2000));
    }

    void invalidPolicyIsExplainedNotDrawn()
    {
        PolicyPreviewWidget widget;
        widget.show();
        auto *problems = child<QLabel>(widget, "problems");
        QVERIFY(problems->isHidden());
        typeInto(child<QSpinBox>(widget, "retry.maxDelayMs"), QStringLiteral("500"));
        QVERIFY(problems->isVisible());
        QVERIFY2(problems->text().contains(QLatin1String("retry.maxDelayMs")), qPrintable(problems->text()));
        auto *chart = child<BackoffPreviewChart>(widget, "backoffPreviewChart");
        QCOMPARE(chart->samples()->count(), 0);
        QCOMPARE(chart->bandUpper()->count(), 0);

        typeInto(child<QSpinBox>(widget, "retry.maxDelayMs"), QStringLiteral("8000"));
        QVERIFY(problems->isHidden());
        QCOMPARE(chart->samples()->count(), 4 * PolicyPreviewWidget::sampleCycles);
    }

    void keepsTheKeysItDoesNotEdit()
    {
        RetryPolicy policy;
        policy.retryOnStatus = {503};
        policy.deadline = 20s;
        policy.jitter = JitterMode::Decorrelated;
        policy.maxDelay = 5000ms;
        policy.maxAttempts = 10;
        PolicyPreviewWidget widget;
        widget.setPolicy(policy);
        QCOMPARE(widget.policy(), policy);
        auto *chart = child<BackoffPreviewChart>(widget, "backoffPreviewChart");
        // At the cap, decorrelated delays still spread under it.
        for (const QPointF &point : chart->samples()->points())
            QVERIFY(point.y() >= 1000 && point.y() <= 5000);
        QCOMPARE(chart->capLine()->at(0).y(), 5000.0);
    }
};

QTEST_MAIN(TestPolicyPreviewWidget)
#include "tst_policypreviewwidget.moc"
