// SPDX-License-Identifier: GPL-3.0-or-later
// Helper for tst_durability: saves a large endpoints file over and over, the
// way the GUI saves it (EndpointsFile::save), alternating two versions, and
// prints "saved" after each, until it is killed. The test kills it with
// SIGKILL at moments of its choosing and checks the file each time.
#include "core/config/endpointsfile.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: savehammer FILE\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    EndpointsDocument documents[2];
    for (int version = 0; version < 2; ++version) {
        for (int i = 0; i < 4000; ++i) {
            documents[version].endpointObjects.append(QJsonObject{
                {QStringLiteral("name"), QStringLiteral("endpoint-%1").arg(i)},
                {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/ok?padding=%1").arg(QString(200, u'x'))},
                {QStringLiteral("intervalMs"), 1000 * (version + 1)},
            });
        }
    }
    for (unsigned long round = 0;; ++round) {
        if (const QString error = EndpointsFile::save(path, documents[round % 2]); !error.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("saved\n");
        std::fflush(stdout);
    }
}
