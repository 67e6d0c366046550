// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint editor's policy lab: the dialog replays the endpoint's
// recorded traffic (a real history database) under its current policy and
// the one being edited, shows the figures the core computes, follows edits,
// sweeps one key and puts a chosen value back into the form.
#include "core/config/endpointjson.h"
#include "core/config/endpointsfile.h"
#include "core/lab/sweep.h"
#include "core/lab/whatif.h"
#include "core/store/history.h"
#include "core/util/clock.h"
#include "tests/support/laboutage.h"
#include "tests/ui/dialogfields.h"
#include "ui/endpointdialog.h"
#include "ui/sweepchart.h"
#include "ui/whatifpanel.h"
#include "ui/whatiftimeline.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

namespace {

// The recorded outage, in a history database as the dashboard keeps it.
struct Recorded
{
    QTemporaryDir dir;
    QString path;
    EndpointsDocument document;

    explicit Recorded(int maxAttempts)
    {
        path = dir.filePath(QStringLiteral("history.sqlite"));
        const SystemClock clock;
        History history(clock);
        if (const QString error = history.open(path); !error.isEmpty())
            qFatal("Recorded: %s", qPrintable(error));
        for (const AttemptRecord &record : LabOutage::records())
            history.add(record);
        if (const QString error = history.flush(); !error.isEmpty())
            qFatal("Recorded: %s", qPrintable(error));
        // The document as the endpoints file would load it.
        const QJsonObject file{
            {QStringLiteral("version"), 1},
            {QStringLiteral("endpoints"), QJsonArray{endpointToJson(LabOutage::endpoint(maxAttempts))}}};
        const EndpointsLoadResult loaded
            = EndpointsFile::parse(QJsonDocument(file).toJson(), path, QProcessEnvironment());
        if (!loaded.ok())
            qFatal("Recorded: %s", qPrintable(loaded.error));
        document = loaded.document;
    }

    // Ten minutes after the recording began: it lies in the last hour.
    [[nodiscard]] static QDateTime now() { return LabOutage::origin().addSecs(600); }
};

QString cell(EndpointDialog &dialog, int row, int column)
{
    const QTableWidgetItem *item = child<QTableWidget>(&dialog, "labFigures")->item(row, column);
    return item ? item->text() : QString();
}

bool isBold(EndpointDialog &dialog, int row, int column)
{
    return child<QTableWidget>(&dialog, "labFigures")->item(row, column)->font().bold();
}

int rowOf(const char *label)
{
    const QList<Lab::FigureRow> &rows = Lab::figureRows();
    for (int r = 0; r < rows.size(); ++r) {
        if (qstrcmp(rows[r].label, label) == 0)
            return r;
    }
    qFatal("no figure row %s", label);
}

// Opens the dialog on the lab page and waits for its first figures.
void openLab(EndpointDialog &dialog, const QString &historyPath)
{
    dialog.setRecording(historyPath, Recorded::now());
    dialog.show();
    QSignalSpy updated(dialog.lab(), &WhatIfPanel::updated);
    dialog.findChild<QTabWidget *>()->setCurrentWidget(dialog.lab());
    QVERIFY(updated.wait(10000));
}

} // namespace

class TestWhatIfPanel final : public QObject
{
    Q_OBJECT

private slots:
    // Opened on the recorded outage, the page shows the figures of the
    // core's replays of the same trace (seed 1): the recording, the current
    // policy and, unedited, the same again.
    void showsTheCoresFigures()
    {
        const Recorded recorded(1);
        EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(dialog.lab()->status().contains(QLatin1String("Opened from an endpoint")));
        dialog.setRecording(recorded.path, Recorded::now());
        dialog.show();
        QSignalSpy updated(dialog.lab(), &WhatIfPanel::updated);
        dialog.findChild<QTabWidget *>()->setCurrentWidget(dialog.lab());
        QVERIFY(updated.wait(10000));

        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        const Lab::Comparison both = Lab::compare(*trace, LabOutage::endpoint(1), LabOutage::endpoint(1), 1);
        QVERIFY(dialog.lab()->currentFigures());
        QCOMPARE(dialog.lab()->currentFigures()->attempts, both.current.figures.attempts);
        // By hand: 30 cycles recorded, one attempt each, 10 of them failed;
        // replayed, 29 cycles of one attempt, 19 successes (tst_labreplay
        // counts them).
        QCOMPARE(cell(dialog, rowOf("Cycles"), 0), QStringLiteral("30"));
        QCOMPARE(cell(dialog, rowOf("Attempts sent"), 0), QStringLiteral("30"));
        QCOMPARE(cell(dialog, rowOf("Cycle success %"), 0), QStringLiteral("66.7"));
        QCOMPARE(both.current.figures.attempts, 29);
        QCOMPARE(cell(dialog, rowOf("Attempts sent"), 1), QStringLiteral("29"));
        QCOMPARE(cell(dialog, rowOf("Attempts sent"), 2), QStringLiteral("29"));
        QCOMPARE(cell(dialog, rowOf("Cycle success %"), 1), QStringLiteral("65.5"));
        // Equal policies: neither is marked better.
        QVERIFY(!isBold(dialog, rowOf("Attempts sent"), 1));
        QVERIFY(!isBold(dialog, rowOf("Attempts sent"), 2));
        QVERIFY(dialog.lab()->status().contains(QLatin1String("30 recorded cycles")));
        // 29 cycles and attempts against 30, 65.5 % against 66.7 %: it fits.
        QVERIFY2(dialog.lab()->status().contains(QLatin1String("The model fits:")), qPrintable(dialog.lab()->status()));
        auto *timeline = dialog.findChild<WhatIfTimeline *>();
        QVERIFY(timeline);
        int sent = 0;
        for (const int count : timeline->currentCounts())
            sent += count;
        QCOMPARE(sent, both.current.figures.attempts);
        QVERIFY(timeline->failing().size() > 0);

        // The policy summary steps aside for the lab's charts; going to
        // another page and back, with nothing edited, replays nothing.
        auto *tabs = dialog.findChild<QTabWidget *>();
        QVERIFY(!child<QLabel>(&dialog, "cycleTime")->isVisible());
        tabs->setCurrentIndex(0);
        QVERIFY(child<QLabel>(&dialog, "cycleTime")->isVisible());
        tabs->setCurrentWidget(dialog.lab());
        QVERIFY(!dialog.lab()->isBusy());
    }

    // Editing max attempts from 1 to 3 replays after the pause in typing:
    // the edited policy sends more (44 attempts in 27 cycles, counted by
    // hand in tst_labreplay); the current one is the better on attempts and
    // is in bold, the edited one on success (19 of 27 against 19 of 29).
    void followsTheEdit()
    {
        const Recorded recorded(1);
        EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
        openLab(dialog, recorded.path);
        const QString before = cell(dialog, rowOf("Attempts sent"), 2);
        QSignalSpy updated(dialog.lab(), &WhatIfPanel::updated);
        child<QSpinBox>(&dialog, "retry.maxAttempts")->setValue(3);
        QVERIFY(updated.wait(10000));
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        const Lab::Comparison both = Lab::compare(*trace, LabOutage::endpoint(1), LabOutage::endpoint(3), 1);
        QCOMPARE(both.edited.figures.attempts, 44);
        QCOMPARE(before, QStringLiteral("29"));
        QCOMPARE(cell(dialog, rowOf("Attempts sent"), 2), QStringLiteral("44"));
        QCOMPARE(cell(dialog, rowOf("Cycle success %"), 2), QStringLiteral("70.4"));
        QVERIFY(isBold(dialog, rowOf("Attempts sent"), 1));
        QVERIFY(!isBold(dialog, rowOf("Attempts sent"), 2));
        QVERIFY(isBold(dialog, rowOf("Cycle success %"), 2));
        QVERIFY(!isBold(dialog, rowOf("Cycle success %"), 1));
        QCOMPARE(dialog.lab()->editedFigures()->attempts, 44);
    }

    // A sweep of max attempts draws one point per value; clicking one puts
    // that value in the form, and the figures follow it.
    void sweepAndChoose()
    {
        const Recorded recorded(1);
        EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
        openLab(dialog, recorded.path);
        auto *key = child<QComboBox>(&dialog, "sweepKey");
        key->setCurrentIndex(key->findData(QStringLiteral("retry.maxAttempts")));
        QVERIFY(key->currentIndex() >= 0);
        child<QDoubleSpinBox>(&dialog, "sweepFrom")->setValue(1);
        child<QDoubleSpinBox>(&dialog, "sweepTo")->setValue(4);
        child<QSpinBox>(&dialog, "sweepCount")->setValue(4);
        QSignalSpy swept(dialog.lab(), &WhatIfPanel::sweepFinished);
        QTest::mouseClick(child<QPushButton>(&dialog, "sweep"), Qt::LeftButton);
        QVERIFY(swept.wait(20000));
        auto *chart = dialog.findChild<SweepChart *>();
        QCOMPARE(chart->valuesDrawn(), (QList<double>{1, 2, 3, 4}));
        QVERIFY(child<QLabel>(&dialog, "sweepStatus")->text().contains(QLatin1String("4 values")));
        // The current policy (1 attempt) is its own value's point.
        QVERIFY2(chart->labelsDrawn().first().endsWith(QLatin1String("(same as current)")),
                 qPrintable(chart->labelsDrawn().join(u'|')));

        QSignalSpy updated(dialog.lab(), &WhatIfPanel::updated);
        emit chart->valueClicked(4);
        QCOMPARE(child<QSpinBox>(&dialog, "retry.maxAttempts")->value(), 4);
        QCOMPARE(dialog.endpoint().retry.maxAttempts, 4);
        QVERIFY(updated.wait(10000));
        const auto trace = Lab::makeTrace(LabOutage::records(), LabOutage::endpoint(1));
        const Lab::Comparison both = Lab::compare(*trace, LabOutage::endpoint(1), LabOutage::endpoint(4), 1);
        QCOMPARE(cell(dialog, rowOf("Attempts sent"), 2), QString::number(both.edited.figures.attempts));
        QVERIFY(both.edited.figures.attempts > 44); // more than three attempts sent
    }

    // The self-check, said: an endpoint now set to three attempts, whose
    // recording was made with one, does not reproduce it (44 attempts
    // replayed against 30 recorded), and the page says so with the numbers.
    void saysWhenTheModelFitsPoorly()
    {
        const Recorded recorded(3);
        EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
        openLab(dialog, recorded.path);
        const QString status = dialog.lab()->status();
        QVERIFY2(status.contains(QLatin1String("The model fits poorly: the current policy replayed makes 27 cycles, "
                                               "44 attempts and 70.4 % success where 30, 30 and 66.7 % were recorded")),
                 qPrintable(status));
    }

    // Values whose figures read the same share one point and one label (a
    // run as "from – to", others listed); the one with the current policy's
    // figures says so, and a shared point picks its first value.
    void sameFiguresShareAPoint()
    {
        const auto figures = [](qint64 successes, qint64 attempts) {
            Lab::Figures f;
            f.cycles = 10;
            f.successfulCycles = successes;
            f.attempts = attempts;
            return f;
        };
        const QList<Lab::SweepPoint> points{{1, figures(5, 10), {}},           {2, figures(7, 15), {}},
                                            {3, figures(8, 20), {}},           {4, figures(8, 20), {}},
                                            {5, figures(8, 20), {}},           {6, figures(7, 15), {}},
                                            {7, {}, QStringLiteral("refused")}};
        SweepChart chart;
        chart.setPoints(points, QStringLiteral(" ms"), figures(8, 20));
        QCOMPARE(chart.valuesDrawn(), (QList<double>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(chart.labelsDrawn(),
                 (QStringList{QStringLiteral("1 ms"), QStringLiteral("2, 6 ms"),
                              QStringLiteral("3 – 5 ms (same as current)")}));
        QSignalSpy picked(&chart, &SweepChart::valueClicked);
        const QList<QAbstractSeries *> series = chart.chart()->series();
        emit qobject_cast<QScatterSeries *>(series[2])->clicked(QPointF());
        QCOMPARE(picked.size(), 1);
        QCOMPARE(picked.first().first().toDouble(), 3.0);
    }

    // The success axis keeps room above the points for their labels, but no
    // tick reads more than 100 %, and there are ticks to read.
    void successAxisStopsAt100()
    {
        const auto at = [](qint64 successes) {
            Lab::Figures f;
            f.cycles = 100;
            f.successfulCycles = successes;
            f.attempts = 100 + (100 - successes);
            return f;
        };
        for (const qint64 lowest : {99, 97, 90, 60, 5}) {
            SweepChart chart;
            chart.setPoints({{1, at(lowest), {}}, {2, at(100), {}}}, QString(), at(100));
            const auto *axis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).first());
            QVERIFY(axis->max() >= 100); // room for the label over the 100 % point
            QList<double> ticks; // where Qt draws them, for either kind of ticks
            if (axis->tickType() == QValueAxis::TicksFixed) {
                for (int k = 0; k < axis->tickCount(); ++k)
                    ticks.append(axis->min() + k * (axis->max() - axis->min()) / (axis->tickCount() - 1));
            } else {
                QVERIFY(axis->tickInterval() > 0);
                const double first = axis->tickAnchor()
                    - std::floor((axis->tickAnchor() - axis->min()) / axis->tickInterval()) * axis->tickInterval();
                for (double t = first; t <= axis->max() + 1e-9; t += axis->tickInterval())
                    ticks.append(t);
            }
            QVERIFY2(ticks.size() >= 2, qPrintable(QString::number(lowest)));
            QVERIFY2(ticks.last() <= 100, qPrintable(QStringLiteral("%1: tick at %2").arg(lowest).arg(ticks.last())));
        }
    }

    // Every key the sweep offers has its field in the form, so a chosen
    // value always lands.
    void everySweptKeyHasAField()
    {
        const Recorded recorded(1);
        EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
        for (const EndpointKey *key : Lab::sweepKeys()) {
            const bool found = dialog.findChild<QSpinBox *>(key->path) || dialog.findChild<QDoubleSpinBox *>(key->path);
            QVERIFY2(found, qPrintable(key->path));
        }
    }

    // Said, not left blank: no history kept, nothing recorded in the range,
    // and a new endpoint.
    void explainsWhenThereIsNothingToReplay()
    {
        const Recorded recorded(1);
        {
            EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
            dialog.setRecording(QString(), Recorded::now());
            QVERIFY(dialog.lab()->status().contains(QLatin1String("No history is kept")));
            QVERIFY(!child<QPushButton>(&dialog, "sweep")->isEnabled());
        }
        {
            EndpointDialog dialog(recorded.document, 0, recorded.document.endpoints[0], QProcessEnvironment());
            dialog.setRecording(recorded.path, Recorded::now().addDays(2));
            dialog.show();
            QSignalSpy updated(dialog.lab(), &WhatIfPanel::updated);
            dialog.findChild<QTabWidget *>()->setCurrentWidget(dialog.lab());
            QVERIFY(updated.wait(10000));
            QVERIFY2(dialog.lab()->status().contains(QLatin1String("Nothing was sent to api in the last hour")),
                     qPrintable(dialog.lab()->status()));
            QVERIFY(!dialog.lab()->trace());
            QCOMPARE(cell(dialog, 0, 0), QString());
        }
        {
            EndpointDialog dialog(recorded.document, -1, recorded.document.endpoints[0], QProcessEnvironment());
            dialog.setRecording(recorded.path, Recorded::now());
            dialog.show();
            dialog.findChild<QTabWidget *>()->setCurrentWidget(dialog.lab());
            QVERIFY(dialog.lab()->status().contains(QLatin1String("A new endpoint has no recorded traffic")));
            QVERIFY(!dialog.lab()->isBusy());
        }
    }
};

QTEST_MAIN(TestWhatIfPanel)
#include "tst_whatifpanel.moc"
