// SPDX-License-Identifier: MIT
#include "models/tweetfactory.h"
#include "models/tweetfilterproxy.h"
#include "models/tweettablemodel.h"
#include "search/credentialstore.h"
#include "ui/connectionpanel.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"
#include "ui/tweetdetailpane.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::test::makeTweet;
using ts::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"TweetscopeTest"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    }
    void init() { QSettings().clear(); }

    void firstStartIsReadyToCompare()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        QCOMPARE(window.queryEditor()->queries(),
            (QStringList { u"eclipse"_s, u"nuclear"_s, u"korea"_s, u"cats"_s, u"ai"_s, u"memes"_s }));
        auto *provider = window.findChild<QComboBox *>(u"provider"_s);
        QCOMPARE(provider->currentData().toInt(), int(ts::search::ProviderKind::Local));
        QCOMPARE(window.findChild<QComboBox *>(u"latency"_s)->currentText(), u"realistic"_s);
        QCOMPARE(window.countsText(), u"0 tweets"_s);
    }

    void invalidQueryBlocksRunWithReason()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.queryEditor()->setQueries({ u"cats"_s, u"(dogs OR"_s });
        QVERIFY(!window.startRun(MainWindow::RunKind::Compare));
        QVERIFY(window.statusBar()->currentMessage().contains(u"cannot be sent"_s));
        QVERIFY(!window.isRunning());
    }

    void filterBarAndDetailPane()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        MainWindow window(&credentials, nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *model = window.tweetModel();
        model->setQueryNames({ u"eclipse"_s, u"cats"_s });
        model->appendTweets(0,
            { makeTweet(1, u"Eclipse tonight https://nasa.gov"_s, u"nasa"_s),
                makeTweet(2, u"eclipse glasses"_s, u"shop"_s, ts::TweetType::Reply, u"fr"_s) });
        model->appendTweets(1, { makeTweet(3, u"a cat"_s, u"kit"_s) });
        QTRY_COMPARE(window.countsText(), u"3 tweets"_s);

        auto *filter = window.findChild<QLineEdit *>(u"filterText"_s);
        QTest::keyClicks(filter, u"ECLIPSE"_s);
        QTRY_COMPARE(window.countsText(), u"2 of 3 tweets"_s);
        auto *type = window.findChild<QComboBox *>(u"filterType"_s);
        type->setCurrentIndex(type->findData(int(ts::TweetType::Reply)));
        QTRY_COMPARE(window.countsText(), u"1 of 3 tweets"_s);
        type->setCurrentIndex(0);
        filter->clear();
        auto *lang = window.findChild<QComboBox *>(u"filterLang"_s);
        QVERIFY(lang->findData(u"fr"_s) > 0);
        QTRY_COMPARE(window.countsText(), u"3 tweets"_s);

        // Clicking a row shows the whole tweet (no collection here: what the table has).
        QTableView *table = window.tweetTable();
        table->sortByColumn(ts::ui::TweetTableModel::Created, Qt::AscendingOrder);
        const QRect cell = table->visualRect(table->model()->index(0, ts::ui::TweetTableModel::Text));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_VERIFY(window.detailPane()->currentHtml().contains(u"https://nasa.gov"_s));
        QVERIFY(window.detailPane()->currentHtml().contains(u"Open on x.com"_s));
    }

    void settingsPersist()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        {
            MainWindow window(&credentials, nullptr);
            window.queryEditor()->setQueries({ u"one"_s, u"two lang:en"_s });
            auto *provider = window.findChild<QComboBox *>(u"provider"_s);
            provider->setCurrentIndex(provider->findData(int(ts::search::ProviderKind::XAll)));
            window.close();
        }
        MainWindow again(&credentials, nullptr);
        QCOMPARE(again.queryEditor()->queries(), (QStringList { u"one"_s, u"two lang:en"_s }));
        QCOMPARE(
            again.findChild<QComboBox *>(u"provider"_s)->currentData().toInt(), int(ts::search::ProviderKind::XAll));
        // Secrets are never in the settings file.
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(
                !key.contains(u"token"_s, Qt::CaseInsensitive) && !key.contains(u"password"_s, Qt::CaseInsensitive),
                qPrintable(key));
    }

    void colorSchemeFromTheViewMenu()
    {
        ts::search::CredentialStore credentials(u"tweetscope-test"_s);
        const QPalette startPalette = QApplication::palette();
        {
            MainWindow window(&credentials, nullptr);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.findChild<QAction *>(u"actionSchemesystem"_s)->isChecked());
            auto *compare = window.findChild<QAction *>(u"actionCompare"_s);
            // Dark, at once: the window's palette, the media icons drawn light, and remembered.
            window.findChild<QAction *>(u"actionSchemedark"_s)->trigger();
            QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 100);
            QTRY_VERIFY(window.tweetTable()->palette().color(QPalette::Base).lightness() < 100);
            QVERIFY(window.findChild<QAction *>(u"actionSchemedark"_s)->isChecked());
            QTRY_VERIFY(glyphLightness(compare->icon()) > 150);
            QCOMPARE(QSettings().value(u"view/colorScheme"_s).toString(), u"dark"_s);
            // Light, then back to the desktop's palette.
            window.findChild<QAction *>(u"actionSchemelight"_s)->trigger();
            QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 150);
            QTRY_VERIFY(glyphLightness(compare->icon()) < 100);
            window.findChild<QAction *>(u"actionSchemesystem"_s)->trigger();
            QCOMPARE(QApplication::palette().color(QPalette::Window), startPalette.color(QPalette::Window));
            QCOMPARE(QSettings().value(u"view/colorScheme"_s).toString(), u"system"_s);
            // A scheme for one session (--color-scheme) is applied but not remembered.
            window.setColorScheme(ts::ui::ColorScheme::Dark, false);
            QVERIFY(window.findChild<QAction *>(u"actionSchemedark"_s)->isChecked());
            QCOMPARE(QSettings().value(u"view/colorScheme"_s).toString(), u"system"_s);
            QSettings().setValue(u"view/colorScheme"_s, u"light"_s);
        }
        MainWindow again(&credentials, nullptr);
        QVERIFY(again.findChild<QAction *>(u"actionSchemelight"_s)->isChecked());
        ts::ui::applyColorScheme(ts::ui::ColorScheme::System);
        QCOMPARE(QApplication::palette().color(QPalette::Window), startPalette.color(QPalette::Window));
    }

private:
    // Mean lightness of an icon's opaque pixels (its glyph).
    static int glyphLightness(const QIcon &icon)
    {
        const QImage image = icon.pixmap(QSize(16, 16)).toImage().convertToFormat(QImage::Format_ARGB32);
        qint64 sum = 0, n = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (c.alpha() > 128) {
                    sum += c.lightness();
                    ++n;
                }
            }
        }
        return n ? int(sum / n) : -1;
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
