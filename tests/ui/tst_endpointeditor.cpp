// SPDX-License-Identifier: GPL-3.0-or-later
// Editing endpoints from the window: the editor opens the dialog, applies it
// to the monitor and the file, undoes and redoes, and hands the dialog what
// the monitor saw. The dialog's own form is tst_endpointdialog's.
#include "core/config/endpointsedit.h"
#include "core/dashboard/endpointstats.h"
#include "core/faultserver/faultserver.h"
#include "core/util/randomsource.h"
#include "tests/ui/dialogfields.h"
#include "ui/endpointdialog.h"
#include "ui/endpointeditor.h"
#include "ui/endpointtablemodel.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

bool hasRowNamed(EndpointTableModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->endpoint(row).name == name)
            return true;
    }
    return false;
}

// A real endpoints file with one endpoint and `defaults` that edits must keep.
struct FileFixture
{
    const SystemClock clock;
    SeededRandom random{11};
    FaultServer server{clock};
    QTemporaryDir dir;
    QString path;
    EndpointsDocument document;

    FileFixture()
    {
        // Not Q_ASSERT: its condition is compiled out of a release build.
        if (!server.listen(0))
            qFatal("FileFixture: the fault server cannot listen");
        path = dir.filePath(QStringLiteral("endpoints.json"));
        const QByteArray json = QByteArrayLiteral("{\"version\": 1, \"defaults\": {\"intervalMs\": 200, "
                                                  "\"retry\": {\"initialDelayMs\": 10}}, \"endpoints\": [{\"name\": "
                                                  "\"existing\", \"url\": \"")
            + server.url(QStringLiteral("/status/204")).toEncoded() + "\"}]}";
        const auto loaded = EndpointsFile::parse(json, path, QProcessEnvironment());
        if (!loaded.ok())
            qFatal("FileFixture: %s", qPrintable(loaded.error));
        document = loaded.document;
        if (const QString error = EndpointsFile::save(path, document); !error.isEmpty())
            qFatal("FileFixture: %s", qPrintable(error));
    }

    [[nodiscard]] EndpointsDocument onDisk() const { return EndpointsFile::load(path, QProcessEnvironment()).document; }
};

} // namespace

class TestEndpointEditor final : public QObject
{
    Q_OBJECT

private slots:
    // The scenario: add an endpoint through the dialog with the
    // keyboard and the mouse; it appears in the table, the file has it, and
    // its attempts arrive. Then undo and redo.
    void addEndpointThroughTheDialog()
    {
        FileFixture f;
        Monitor monitor(f.clock, f.random);
        monitor.setDocument(f.document);
        monitor.watch(f.path, QProcessEnvironment());
        MainWindow window(monitor, f.clock);
        window.setEndpointsFile(f.path);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(QLatin1String("endpoints.json")));
        QTRY_COMPARE(window.endpointModel()->rowCount(), 1);

        child<QAction>(&window, "addEndpoint")->trigger();
        auto *dialog = window.findChild<EndpointDialog *>();
        QVERIFY(dialog);
        QVERIFY(!okButton(dialog)->isEnabled()); // no name, no URL yet
        QTest::keyClicks(child<QLineEdit>(dialog, "name"), QStringLiteral("added"));
        QTest::keyClicks(child<QLineEdit>(dialog, "url"), f.server.url(QStringLiteral("/ok")).toString());
        typeInto(child<QSpinBox>(dialog, "intervalMs"), QStringLiteral("300"));
        QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(dialog->problem()));
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QTRY_VERIFY(!window.findChild<EndpointDialog *>()); // closed and deleted

        QTRY_VERIFY(hasRowNamed(window.endpointModel(), QStringLiteral("added")));
        const EndpointsDocument disk = f.onDisk();
        QCOMPARE(disk.endpoints.size(), 2);
        QCOMPARE(disk.endpoints.at(1).name, QStringLiteral("added"));
        QCOMPARE(disk.endpoints.at(1).interval, 300ms);
        QCOMPARE(disk.endpoints.at(1).retry.initialDelay, 10ms); // still from the file's defaults
        QCOMPARE(disk.defaults, f.document.defaults);
        QVERIFY(QFile::exists(f.path + QStringLiteral(".bak")));
        QTRY_VERIFY(std::any_of(f.server.received().begin(), f.server.received().end(),
                                [](const ReceivedRequest &r) { return r.path == QLatin1String("/ok"); }));
        QTRY_VERIFY(window.attemptModel()->rowCount() > 0);

        QAction *undo = child<QAction>(&window, "undo");
        QVERIFY(undo->isEnabled());
        undo->trigger();
        QTRY_VERIFY(!hasRowNamed(window.endpointModel(), QStringLiteral("added")));
        QCOMPARE(f.onDisk().endpoints.size(), 1);
        child<QAction>(&window, "redo")->trigger();
        QTRY_VERIFY(hasRowNamed(window.endpointModel(), QStringLiteral("added")));
        QCOMPARE(f.onDisk().endpoints.size(), 2);
        monitor.stop();
    }

    void removeDuplicateAndEdit()
    {
        FileFixture f;
        Monitor monitor(f.clock, f.random);
        monitor.setDocument(f.document);
        MainWindow window(monitor, f.clock);
        window.setEndpointsFile(f.path);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *view = child<QTableView>(&window, "endpointTable");
        QTRY_COMPARE(view->model()->rowCount(), 1);
        view->selectRow(0);

        // Duplicate: the dialog opens on a copy with a free name.
        child<QAction>(&window, "duplicateEndpoint")->trigger();
        auto *dialog = window.findChild<EndpointDialog *>();
        QVERIFY(dialog);
        QCOMPARE(child<QLineEdit>(dialog, "name")->text(), QStringLiteral("existing (copy)"));
        QVERIFY(okButton(dialog)->isEnabled());
        typeInto(child<QLineEdit>(dialog, "name"), QStringLiteral("existing"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QCOMPARE(dialog->problem(),
                 QStringLiteral("Request ▸ Name: \"existing\" is already taken by another endpoint"));
        typeInto(child<QLineEdit>(dialog, "name"), QStringLiteral("second"));
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QTRY_VERIFY(!window.findChild<EndpointDialog *>());
        QTRY_COMPARE(f.onDisk().endpoints.size(), 2);

        // Edit: change the URL of the first one.
        view->selectRow(0);
        const QString selected = window.selectedEndpoint()->name;
        child<QAction>(&window, "editEndpoint")->trigger();
        dialog = window.findChild<EndpointDialog *>();
        QVERIFY(dialog);
        typeInto(child<QLineEdit>(dialog, "url"), f.server.url(QStringLiteral("/status/202")).toString());
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QTRY_COMPARE(f.onDisk().endpoints.at(EndpointsEdit::indexOf(f.onDisk(), selected)).url.path(),
                     QStringLiteral("/status/202"));

        // Remove, with undo rather than a confirmation.
        view->selectRow(0);
        const QString removed = window.selectedEndpoint()->name;
        child<QAction>(&window, "removeEndpoint")->trigger();
        QTRY_COMPARE(f.onDisk().endpoints.size(), 1);
        QTRY_VERIFY(!hasRowNamed(window.endpointModel(), removed));
        child<QAction>(&window, "undo")->trigger();
        QTRY_COMPARE(f.onDisk().endpoints.size(), 2);
        QTRY_VERIFY(hasRowNamed(window.endpointModel(), removed));
        monitor.stop();
    }

    // Open another endpoints file, then save the running set under a new name.
    void openAndSaveAs()
    {
        FileFixture f;
        Monitor monitor(f.clock, f.random);
        MainWindow window(monitor, f.clock);
        window.show();
        QVERIFY(window.windowTitle().contains(QLatin1String("demo")));

        window.setOpenFileChooser([&f] { return f.path; });
        child<QAction>(&window, "openEndpoints")->trigger();
        QCOMPARE(monitor.endpoints().size(), 1);
        QCOMPARE(monitor.watchedPath(), QFileInfo(f.path).absoluteFilePath());
        QVERIFY(window.windowTitle().contains(QLatin1String("endpoints.json")));

        QString copy = f.dir.filePath(QStringLiteral("copy.json"));
        window.setSaveFileChooser([&copy](const QString &, const QString &) { return copy; });
        child<QAction>(&window, "saveEndpointsAs")->trigger();
        QCOMPARE(EndpointsFile::load(copy, QProcessEnvironment()).document.endpoints, monitor.endpoints());
        QCOMPARE(monitor.watchedPath(), QFileInfo(copy).absoluteFilePath());
        QCOMPARE(window.editor()->path(), copy);

        // A file that does not load is refused with its message; nothing changes.
        QFile bad(f.dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"version\": 2, \"endpoints\": []}");
        bad.close();
        QCOMPARE(window.editor()->open(bad.fileName()),
                 bad.fileName() + QStringLiteral(": version: must be 1 (got 2)"));
        QCOMPARE(window.editor()->path(), copy);
        QCOMPARE(monitor.endpoints().size(), 1);
        monitor.stop();
    }

    // The certificate the monitor saw last is in the lint of the endpoint's
    // dialog, judged by the tlsExpiryWarningDays being edited, and only for
    // the server it was seen on.
    void certificateSeenIsLinted()
    {
        FakeClock clock;
        SeededRandom random(3);
        Monitor monitor(clock, random);
        const auto loaded
            = EndpointsFile::parse(QByteArrayLiteral("{\"version\": 1, \"endpoints\": [{\"name\": "
                                                     "\"secure\", \"url\": \"https://127.0.0.1:1/health\", "
                                                     "\"enabled\": false}]}"),
                                   QString(), QProcessEnvironment());
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        monitor.setDocument(loaded.document);
        const Endpoint &e = loaded.document.endpoints.first();
        EndpointStats stats;
        AttemptRecord seen;
        seen.endpoint = e.name;
        seen.timeUtc = clock.utcNow();
        seen.certificateExpiryUtc = clock.utcNow().addDays(9).addSecs(3600);
        stats.add(seen);
        EndpointEditor editor(monitor, nullptr);
        editor.setObservations(&stats, &clock);

        EndpointDialog *dialog = editor.edit(e.name);
        QVERIFY(dialog);
        const auto warned = [dialog] { return dialog->warnings().join(u' '); };
        QVERIFY2(warned().contains(QLatin1String("certificate expires on 2026-01-10 01:00 UTC, in 9 days")),
                 qPrintable(warned()));
        QVERIFY2(child<QLabel>(dialog, "lintWarnings")->text().contains(QLatin1String("in 9 days")),
                 qPrintable(dialog->problem()));
        typeInto(child<QSpinBox>(dialog, "tlsExpiryWarningDays"), QStringLiteral("7"));
        QVERIFY2(!warned().contains(QLatin1String("certificate")), qPrintable(warned()));
        typeInto(child<QSpinBox>(dialog, "tlsExpiryWarningDays"), QStringLiteral("30"));
        QVERIFY(warned().contains(QLatin1String("the warning starts 30 days before")));
        typeInto(child<QLineEdit>(dialog, "url"), QStringLiteral("https://other.example/health"));
        QVERIFY2(!warned().contains(QLatin1String("certificate")), qPrintable(warned()));
        delete dialog;

        // A new endpoint has not been seen.
        EndpointDialog *added = editor.add();
        QVERIFY(!added->warnings().join(u' ').contains(QLatin1String("certificate")));
        delete added;
        monitor.stop();
    }
};

QTEST_MAIN(TestEndpointEditor)
#include "tst_endpointeditor.moc"
