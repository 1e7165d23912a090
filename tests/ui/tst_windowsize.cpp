// SPDX-License-Identifier: MIT
// The window on a screen of a given size (the offscreen platform with a configured screen,
// TS_SCREEN_WIDTH x TS_SCREEN_HEIGHT): the first window fits the screen, the run controls and
// the status bar are on it, and after a compare of 6 and of 12 queries the comparison view
// shows every query's lane and the time axis without scrolling. Against a generated archive
// served on 127.0.0.1 (port 0).
#include "archive/service/localarchiveserver.h"
#include "charts/chartspanel.h"
#include "charts/compareview.h"
#include "search/credentialstore.h"
#include "testarchive.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;
using ts::ui::MainWindow;

namespace {

// On the window, inside the screen's available area, and not covered by its parent's clip.
bool onScreen(const QWidget *w, const QRect &local)
{
    const QWidget *window = w->window();
    const QRect inWindow(w->mapTo(window, local.topLeft()), local.size());
    const QRect global(window->mapToGlobal(inWindow.topLeft()), local.size());
    return w->isVisible() && window->rect().contains(inWindow) && window->screen()->availableGeometry().contains(global)
        && w->visibleRegion().contains(local);
}

} // namespace

class TestWindowSize : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QCOMPARE(QApplication::primaryScreen()->size(), QSize(TS_SCREEN_WIDTH, TS_SCREEN_HEIGHT));
        ts::testing::useThrowawayHomeAndSettings(m_home.path(), u"tst_windowsize"_s);
        QString error;
        m_server = ts::testing::generateArchive(m_home.filePath(u"archive.sqlite"_s), 3000, 11, &error)
            ? ts::testing::serveArchive(m_home.filePath(u"archive.sqlite"_s), ts::testing::testServiceOptions(), &error)
            : nullptr;
        QVERIFY2(m_server, qPrintable(error));
    }

    void firstWindowFitsTheScreen()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QVERIFY2(window.width() <= available.width() * 9 / 10 && window.height() <= available.height() * 9 / 10,
            qPrintable(u"%1x%2 on %3x%4"_s.arg(window.width())
                           .arg(window.height())
                           .arg(available.width())
                           .arg(available.height())));
        // The run controls and the status bar are on the screen.
        auto *toolbar = window.findChild<QToolBar *>(u"runToolBar"_s);
        for (const char *name : { "actionCompare", "actionCancel" }) {
            QWidget *button = toolbar->widgetForAction(window.findChild<QAction *>(QString::fromLatin1(name)));
            QVERIFY2(button && onScreen(button, button->rect()), name);
        }
        QVERIFY(onScreen(window.statusBar(), window.statusBar()->rect()));
        auto *maxResults = window.findChild<QSpinBox *>(u"maxResults"_s);
        QVERIFY(onScreen(maxResults, maxResults->rect()));
        // The charts are there, not squeezed to a strip.
        QVERIFY(onScreen(window.chartsPanel(), window.chartsPanel()->rect()));
        QVERIFY2(window.chartsPanel()->height() >= 200, qPrintable(QString::number(window.chartsPanel()->height())));
    }

    void compareViewShowsEveryQuery_data()
    {
        QTest::addColumn<QStringList>("queries");
        const QStringList six { u"eclipse"_s, u"nuclear"_s, u"korea"_s, u"cats"_s, u"ai"_s, u"memes"_s };
        QTest::addRow("6 queries") << six;
        QTest::addRow("12 queries") << six
                + QStringList { u"solar"_s, u"moon"_s, u"sun"_s, u"glasses"_s, u"totality"_s, u"clouds"_s };
    }
    void compareViewShowsEveryQuery()
    {
        QFETCH(QStringList, queries);
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QLineEdit *>(u"baseUrl"_s)->setText(m_server->baseUrl().toString());
        window.findChild<QSpinBox *>(u"maxResults"_s)->setValue(10);
        window.findChild<QSpinBox *>(u"pages"_s)->setValue(1);
        window.queryEditor()->setQueries(queries);
        QSignalSpy ended(&window, &MainWindow::runEnded);
        QVERIFY(window.startRun(MainWindow::RunKind::Compare));
        QVERIFY(ended.wait(30000));
        window.chartsPanel()->refreshNow();
        QCOMPARE(window.chartsPanel()->currentTab(), ts::ui::ChartsPanel::Tab::Compare);
        QApplication::processEvents();

        ts::ui::CompareView *view = window.chartsPanel()->compareView();
        QCOMPARE(view->layoutData().queries, queries);
        QVERIFY2(view->headline().endsWith(u"×"_s), qPrintable(view->headline()));
        for (int q = 0; q < queries.size(); ++q)
            QVERIFY2(onScreen(view, view->laneRect(q)), qPrintable(queries.at(q)));
        QVERIFY(onScreen(view, view->sequentialLaneRect()));
        // The axis with its unit: the ticks read "500 ms", "1.00 s", ... and the title is drawn.
        QVERIFY(onScreen(view, view->axisRect()));
        QVERIFY(!view->axisTitle().isEmpty());
        QVERIFY(view->layoutData().axisEndMs > 0);

        // The filter field is wide enough to read its placeholder's first words and to type in
        // (at 1024 px it was squeezed to "Filte..." beside the menus), and the menus are whole.
        auto *filter = window.findChild<QLineEdit *>(u"filterText"_s);
        const int words = filter->fontMetrics().horizontalAdvance(u"Filter: words, @author"_s);
        QVERIFY2(filter->width() >= words, qPrintable(u"%1 < %2"_s.arg(filter->width()).arg(words)));
        QVERIFY(onScreen(filter, filter->rect()));
        for (const char *name : { "filterQuery", "filterType", "filterLang" }) {
            auto *menu = window.findChild<QComboBox *>(QString::fromLatin1(name));
            QVERIFY2(menu->width() >= menu->sizeHint().width() && onScreen(menu, menu->rect()), name);
        }
    }

    // With "More connection settings" open, and the most rows it has (an Enterprise provider:
    // account, label and user name; "Also run on" with its base URL), the query list still
    // shows QueryEditor::MinVisibleRows whole rows; the settings scroll instead. With it closed
    // at the first window's size on the larger screen, nothing scrolls.
    void queryRowsWithMoreSettings()
    {
        QSettings().setValue(u"window/moreConnection"_s, true);
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        QSettings().remove(u"window/moreConnection"_s);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        provider->setCurrentIndex(provider->findData(int(ts::search::ProviderKind::EnterpriseFullArchive)));
        auto *compare = window.findChild<QComboBox *>(u"compareProvider"_s);
        compare->setCurrentIndex(compare->findData(int(ts::search::ProviderKind::Bluesky)));
        QVERIFY(window.findChild<QLineEdit *>(u"compareBaseUrl"_s)->isVisible());
        auto *table = window.findChild<QTableWidget *>(u"queryTable"_s);
        QVERIFY(table->rowCount() >= ts::ui::QueryEditor::MinVisibleRows);
        const auto wholeRows = [table] {
            int rows = 0;
            for (int r = 0; r < table->rowCount(); ++r) {
                const QRect row(0, table->rowViewportPosition(r), table->viewport()->width(), table->rowHeight(r));
                if (table->viewport()->rect().contains(row) && onScreen(table->viewport(), row))
                    ++rows;
            }
            return rows;
        };
        QTRY_VERIFY2(wholeRows() >= ts::ui::QueryEditor::MinVisibleRows, qPrintable(QString::number(wholeRows())));
        // The settings below are all there to scroll to.
        auto *scroll = window.findChild<QScrollArea *>(u"settingsScroll"_s);
        QVERIFY(scroll);
        auto *maxResults = window.findChild<QSpinBox *>(u"maxResults"_s);
        scroll->ensureWidgetVisible(maxResults);
        QVERIFY(onScreen(maxResults, maxResults->rect()));

        // Closed again: the settings give the room back to the list.
        provider->setCurrentIndex(provider->findData(int(ts::search::ProviderKind::Local)));
        compare->setCurrentIndex(compare->findData(-1));
        window.findChild<QToolButton *>(u"moreConnection"_s)->click();
        QTRY_COMPARE(scroll->verticalScrollBar()->maximum(), 0);
        QVERIFY2(wholeRows() >= 6, qPrintable(QString::number(wholeRows())));
    }

    // The query list made taller by hand (the settings scrolled) is as tall at the next start:
    // fitting the settings to their height does not undo a remembered splitter.
    void leftSplitterComesBack()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        QList<int> saved;
        {
            MainWindow window(&credentials, nullptr);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QApplication::processEvents();
            auto *splitter = window.findChild<QSplitter *>(u"leftSplitter"_s);
            const QList<int> sizes = splitter->sizes();
            splitter->setSizes({ sizes.at(0) + 80, sizes.at(1) - 80 });
            saved = splitter->sizes();
            QCOMPARE(saved.at(0), sizes.at(0) + 80);
            window.close();
        }
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::processEvents();
        QCOMPARE(window.findChild<QSplitter *>(u"leftSplitter"_s)->sizes(), saved);
        QSettings().remove(u"window"_s);
    }

private:
    QTemporaryDir m_home;
    std::unique_ptr<ts::archive::LocalArchiveServer> m_server;
};

// The screen is configured before the application exists (the offscreen platform reads it
// once): one screen of TS_SCREEN_WIDTH x TS_SCREEN_HEIGHT.
int main(int argc, char **argv)
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"screen.json"_s);
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QStringLiteral(R"({"screens":[{"name":"test","x":0,"y":0,"width":%1,"height":%2,"logicalDpi":96}]})")
                   .arg(TS_SCREEN_WIDTH)
                   .arg(TS_SCREEN_HEIGHT)
                   .toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestWindowSize test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowsize.moc"
