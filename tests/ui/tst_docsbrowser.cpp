// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in help: every link in a built-in page leads somewhere, and a
// link to a page that is not built in says so instead of an empty page.
#include "ui/docsbrowser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QTextBrowser>

class TestDocsBrowser final : public QObject
{
    Q_OBJECT

private:
    // Every relative link target written in the built-in page `page`.
    static QStringList relativeLinks(const QString &page)
    {
        QFile file(page);
        if (!file.open(QIODevice::ReadOnly))
            return {QStringLiteral("cannot read ") + page};
        const QString text = QString::fromUtf8(file.readAll());
        static const QRegularExpression link(QStringLiteral("\\]\\(([^)\\s]+)\\)"));
        QStringList links;
        for (auto it = link.globalMatch(text); it.hasNext();) {
            const QUrl url(it.next().captured(1));
            if (url.scheme().isEmpty() && !url.path().isEmpty())
                links << url.toString();
        }
        return links;
    }

private slots:
    // Each link is to a built-in page or image, or leaves docs/ for the
    // source tree (which follow() explains). A link to a page of docs/ that
    // is not built in fails here: it would open an empty page.
    void everyLinkInTheBuiltInPagesLeadsSomewhere()
    {
        QStringList broken;
        int pages = 0;
        int checked = 0;
        for (QDirIterator it(QStringLiteral(":/docs"), {QStringLiteral("*.md")}); it.hasNext();) {
            const QString page = it.next();
            ++pages;
            for (const QString &target : relativeLinks(page)) {
                ++checked;
                const QUrl url(target);
                if (!DocsBrowser::isBuiltIn(url) && !url.path().startsWith(QLatin1String("../")))
                    broken << QFileInfo(page).fileName() + QStringLiteral(" -> ") + target;
            }
        }
        QVERIFY2(pages >= 8, qPrintable(QString::number(pages)));
        QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QStringLiteral("; "))));
    }

    // The dashboard's page links to the policy lab, whose page shows with
    // its chart.
    void thePolicyLabPageOpensFromTheDashboardsPage()
    {
        DocsBrowser browser;
        browser.showPage(QStringLiteral("dashboard.md"));
        QVERIFY(browser.browser()->toPlainText().startsWith(QLatin1String("The dashboard")));
        browser.follow(QUrl(QStringLiteral("policy-lab.md#in-the-endpoint-editor")));
        QVERIFY2(browser.browser()->toPlainText().startsWith(QLatin1String("The policy lab")),
                 qPrintable(browser.browser()->toPlainText().left(80)));
        const QVariant chart = browser.browser()->document()->resource(QTextDocument::ImageResource,
                                                                       QUrl(QStringLiteral("images/policy-lab.png")));
        QVERIFY(chart.isValid());
        QVERIFY(browser.notice().isEmpty());
    }

    // The benchmarks' figures are in the source tree only: the page stays,
    // and the line under it names the file and where it is.
    void aLinkOutOfTheBuiltInHelpSaysWhereThePageIs()
    {
        DocsBrowser browser;
        browser.showPage(QStringLiteral("policy-lab.md"));
        const QString before = browser.browser()->toPlainText();
        browser.follow(QUrl(QStringLiteral("../bench/README.md")));
        QCOMPARE(browser.browser()->toPlainText(), before);
        QVERIFY2(browser.notice().startsWith(QLatin1String("bench/README.md is not part of the built-in help")),
                 qPrintable(browser.notice()));
        QVERIFY(browser.notice().contains(QLatin1String("source tree")));
        browser.follow(QUrl(QStringLiteral("attempt-log.md"))); // a built-in page: the line goes
        QVERIFY(browser.notice().isEmpty());
        QVERIFY(!browser.browser()->toPlainText().isEmpty());
        QVERIFY(browser.browser()->toPlainText() != before);
    }
};

QTEST_MAIN(TestDocsBrowser)
#include "tst_docsbrowser.moc"
