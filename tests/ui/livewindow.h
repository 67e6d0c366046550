// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A window over a real monitor, polling the fault server on 127.0.0.1, for
// the window's tests.
#include "core/faultserver/faultserver.h"
#include "core/util/randomsource.h"
#include "ui/endpointtablemodel.h"
#include "ui/mainwindow.h"

#include <QTest>

#include <chrono>
#include <memory>

struct LiveWindow
{
    LiveWindow()
        : random(11)
    {
        listening = server.listen(0); // before endpoint(): its URLs need the port
    }
    bool start(const QList<Endpoint> &endpoints)
    {
        if (!listening)
            return false;
        window = std::make_unique<MainWindow>(monitor, clock);
        window->show();
        monitor.setEndpoints(endpoints);
        return QTest::qWaitForWindowExposed(window.get());
    }
    Endpoint endpoint(const QString &name, const QString &path) const
    {
        Endpoint e;
        e.name = name;
        e.url = server.url(path);
        e.interval = std::chrono::milliseconds(200);
        return e;
    }

    const SystemClock clock;
    SeededRandom random;
    FaultServer server{clock};
    bool listening = false;
    Monitor monitor{clock, random};
    std::unique_ptr<MainWindow> window;
};

// The cell of `name`'s row in `column`.
inline QModelIndex cell(EndpointTableModel *table, const QString &name, int column)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->endpoint(row).name == name)
            return table->index(row, column);
    }
    return {};
}
