// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/faultservermode.h"

#include "core/faultserver/faultserver.h"
#include "core/util/terminationsignals.h"

#include <QCoreApplication>
#include <QTextStream>

int runFaultServer(int &argc, char **argv, quint16 port)
{
    QCoreApplication app(argc, argv);
    const SystemClock clock;
    FaultServer server(clock);
    if (!server.listen(port)) {
        QTextStream(stderr) << "retryscope: fault server cannot listen on 127.0.0.1:" << port << ": "
                            << server.errorString() << '\n';
        return 1;
    }
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &app, [] { QCoreApplication::quit(); });
    QTextStream(stdout) << "fault server listening on 127.0.0.1:" << server.port() << Qt::endl;
    return QCoreApplication::exec();
}
