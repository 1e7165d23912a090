// SPDX-License-Identifier: MIT
// The main window's chart runs, offscreen, against the local archive on 127.0.0.1 (port 0):
// Run > Sweep… (repeat count asked in a dialog) fills the Sweep tab, and Run > Volume (counts
// only) fills the Volume tab from the counts endpoint without fetching a tweet.
#include "archive/service/localarchiveserver.h"
#include "chartmath/axisticks.h"
#include "charts/chartarchive.h"
#include "charts/chartspanel.h"
#include "charts/sweepchart.h"
#include "charts/volumechart.h"
#include "models/tweettablemodel.h"
#include "search/credentialstore.h"
#include "testarchive.h"
#include "ui/mainwindow.h"
#include "ui/queryeditor.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QValueAxis>

using namespace ts;
using namespace ts::ui;
using namespace Qt::StringLiterals;

namespace {
constexpr int TweetsPerWord = 20;
}

class TestChartActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void sweepFromTheRunMenu();
    void cancelStopsTheSweep();
    void volumeFromCountsOnly();

private:
    /// A window on the test archive, with `queries` and one 10-tweet page per query.
    std::unique_ptr<MainWindow> window(const QStringList &queries);
    static QAction *action(MainWindow &w, const QString &name) { return w.findChild<QAction *>(name); }
    static QStringList queryStates(MainWindow &w);

    QTemporaryDir m_dir;
    QStringList m_words;
    std::unique_ptr<archive::LocalArchiveServer> m_server;
    std::unique_ptr<search::CredentialStore> m_credentials;
};

void TestChartActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"TweetscopeTest"_s);
    QCoreApplication::setApplicationName(u"tst_chartactions"_s);
    QVERIFY(m_dir.isValid());
    m_words = testing::chartWords(5);
    const QString db = m_dir.filePath(u"archive.sqlite"_s);
    QString error;
    QVERIFY2(testing::writeArchive(db,
                 testing::chartTweets(
                     m_words, TweetsPerWord, QDateTime::currentMSecsSinceEpoch() - 3600 * 1000, 6 * 3600 * 1000),
                 &error),
        qPrintable(error));
    archive::ServiceOptions so;
    so.dbPath = db;
    so.latency = *archive::LatencyProfile::parse(u"fixed:60"_s, &error);
    m_server = std::make_unique<archive::LocalArchiveServer>(so);
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_credentials = std::make_unique<search::CredentialStore>(u"tweetscope-test"_s);
}

std::unique_ptr<MainWindow> TestChartActions::window(const QStringList &queries)
{
    auto w = std::make_unique<MainWindow>(m_credentials.get(), nullptr);
    auto *provider = w->findChild<QComboBox *>(u"provider"_s);
    provider->setCurrentIndex(provider->findData(int(search::ProviderKind::Local)));
    w->findChild<QLineEdit *>(u"baseUrl"_s)->setText(m_server->baseUrl().toString());
    w->findChild<QSpinBox *>(u"maxResults"_s)->setValue(10);
    w->findChild<QSpinBox *>(u"pages"_s)->setValue(1);
    w->queryEditor()->setQueries(queries);
    w->show();
    return w;
}

QStringList TestChartActions::queryStates(MainWindow &w)
{
    auto *table = w.queryEditor()->findChild<QTableWidget *>(u"queryTable"_s);
    QStringList states;
    for (int r = 0; r < table->rowCount(); ++r)
        states << table->item(r, table->columnCount() - 1)->text();
    return states;
}

void TestChartActions::sweepFromTheRunMenu()
{
    auto w = window(m_words);
    QSignalSpy ended(w.get(), &MainWindow::runEnded);
    QAction *sweep = action(*w, u"actionSweep"_s);
    QVERIFY(sweep && sweep->isEnabled());

    // The dialog asks for the repeats, naming the levels it will run.
    QString prompt;
    QTimer::singleShot(0, this, [&prompt] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        prompt = dialog->labelText();
        QCOMPARE(dialog->intValue(), 3);
        dialog->setIntValue(2);
        dialog->accept();
    });
    sweep->trigger();
    QVERIFY2(prompt.contains(u"1, 2, 4, 5"_s), qPrintable(prompt)); // the last level is the query count
    QCOMPARE(w->sweepRepeats(), 2);
    QVERIFY(w->isRunning());
    QVERIFY(!sweep->isEnabled());
    QCOMPARE(w->chartsPanel()->currentTab(), ChartsPanel::Tab::Sweep);

    // Live: the chart has a point before the sweep ends, and the queries show their state.
    SweepChart *chart = w->chartsPanel()->sweepChart();
    QTRY_VERIFY_WITH_TIMEOUT(chart->repeatSeries()->count() >= 1 && w->isRunning(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(queryStates(*w).join(u'|').contains(u"done"_s), 5000);

    QVERIFY(ended.wait(60000));
    QCOMPARE(ended.constFirst().constFirst().toInt(), 0);
    QVERIFY(!w->isRunning());
    QVERIFY(sweep->isEnabled());
    w->chartsPanel()->refreshNow();

    // 4 levels x 2 repeats: a dot per run, the median line and the speedup per level.
    QCOMPARE(chart->repeatSeries()->count(), 8);
    const QList<QPointF> wall = chart->wallSeries()->points();
    QCOMPARE(wall.size(), 4);
    QList<double> levels;
    for (const QPointF &p : wall) {
        levels << std::round(std::exp2(p.x())); // the axis is log 2
        QVERIFY(p.y() > 0);
    }
    QCOMPARE(levels, (QList<double> { 1, 2, 4, 5 }));
    const QList<QPointF> speedup = chart->speedupSeries()->points();
    QCOMPARE(speedup.size(), 4);
    QCOMPARE(speedup.at(0).y(), 1.0);
    // Five 60 ms requests one at a time against all at once.
    QVERIFY2(speedup.at(3).y() > 2, qPrintable(QString::number(speedup.at(3).y())));
    QVERIFY2(wall.at(0).y() >= 5 * 0.060, qPrintable(QString::number(wall.at(0).y())));
    const QList<QPointF> ideal = chart->idealSeries()->points();
    QCOMPARE(ideal.size(), 4);
    QCOMPARE(ideal.at(3), QPointF(levelPosition(5), 5));
    QVERIFY2(
        chart->summaryText().contains(u"5 queries, levels 1, 2, 4, 5, 2 repeats"_s), qPrintable(chart->summaryText()));
    // A sweep measures: the table (the last real run's tweets) is left alone.
    QCOMPARE(w->tweetModel()->rowCount(), 0);
}

void TestChartActions::cancelStopsTheSweep()
{
    auto w = window(m_words);
    QSignalSpy ended(w.get(), &MainWindow::runEnded);
    w->setSweepRepeats(5);
    QVERIFY(w->startRun(MainWindow::RunKind::Sweep));
    SweepChart *chart = w->chartsPanel()->sweepChart();
    QTRY_VERIFY_WITH_TIMEOUT(chart->repeatSeries()->count() >= 1, 20000);
    action(*w, u"actionCancel"_s)->trigger();
    QVERIFY(ended.wait(10000));
    QVERIFY(!w->isRunning());
    w->chartsPanel()->refreshNow();
    QVERIFY(chart->repeatSeries()->count() < 4 * 5);
    QVERIFY2(chart->summaryText().contains(u"cancelled"_s), qPrintable(chart->summaryText()));
}

void TestChartActions::volumeFromCountsOnly()
{
    QStringList queries = m_words;
    queries << u"%1 OR %2"_s.arg(m_words.at(1), m_words.at(2));
    auto w = window(queries);
    QSignalSpy ended(w.get(), &MainWindow::runEnded);
    QAction *volume = action(*w, u"actionCountsVolume"_s);
    QVERIFY(volume && volume->isEnabled());
    volume->trigger();
    QCOMPARE(w->chartsPanel()->currentTab(), ChartsPanel::Tab::Volume);
    QVERIFY(ended.wait(20000));
    QCOMPARE(ended.constFirst().constFirst().toInt(), 0);
    w->chartsPanel()->refreshNow();

    // One line per query; each line's buckets add up to the archive's tweets for the query.
    VolumeChart *chart = w->chartsPanel()->volumeChart();
    const VolumeChartData &data = chart->data();
    QVERIFY(data.fromCounts);
    // 30 days (the local archive's default window) counted per hour; drawn per hour over the
    // 6 hours that hold tweets.
    QCOMPARE(data.size, BucketSize::Hour);
    QVERIFY(data.lastBucketMs - data.firstBucketMs <= 7 * 3600 * 1000LL);
    QCOMPARE(data.series.size(), queries.size());
    QCOMPARE(chart->lines().size(), queries.size());
    const auto expected = [](int w) { return qint64(TweetsPerWord * 2 / (1 + w % 4)); };
    for (int q = 0; q < queries.size(); ++q) {
        const VolumeSeries &s = data.series.at(q);
        QCOMPARE(s.queryIndexes, QList<int> { q });
        double sum = 0;
        for (const QPointF &p : chart->lines().at(q)->points())
            sum += p.y();
        const qint64 want = q < m_words.size() ? expected(q) : expected(1) + expected(2);
        QCOMPARE(qint64(sum), want);
        QCOMPARE(s.total, want);
    }
    // One granularity, named the same in the chart and in the status bar.
    QVERIFY2(
        chart->summaryText().contains(u"counted per hour by the counts endpoint"_s), qPrintable(chart->summaryText()));
    QCOMPARE(chart->valueAxis()->titleText(), u"tweets per hour"_s);
    const QString runText = w->findChild<QLabel *>(u"runLabel"_s)->text();
    QVERIFY2(runText.startsWith(u"Full volume: "_s) && runText.endsWith(u", counted per hour"_s), qPrintable(runText));
    // No tweet was fetched.
    QCOMPARE(w->tweetModel()->rowCount(), 0);
    // The query list says the queries were counted, not fetched.
    QCOMPARE(queryStates(*w).constFirst(), u"counted %1 tweets"_s.arg(QLocale().toString(expected(0))));
}

QTEST_MAIN(TestChartActions)
#include "tst_chartactions.moc"
