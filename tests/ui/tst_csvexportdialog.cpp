// SPDX-License-Identifier: MIT
#include "export/csvcolumns.h"
#include "ui/csvexportdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::CsvExportDialog;

class TestCsvExportDialog : public QObject
{
    Q_OBJECT
private:
    static QStringList defaultNames()
    {
        QStringList names;
        for (const auto &c : ts::exporter::defaultCsvColumns())
            names.append(c.name);
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"TweetscopeTest"_s);
        QCoreApplication::setApplicationName(u"tst_csvexportdialog"_s);
    }
    void init() { QSettings().clear(); }

    void startsWithDefaultColumnsAndAllRows()
    {
        CsvExportDialog dialog(10, 50);
        QCOMPARE(dialog.columns(), defaultNames());
        QVERIFY(!dialog.visibleRowsOnly());
        // Every column the export library knows by its own name is offered, none twice.
        auto *list = dialog.findChild<QListWidget *>(u"exportColumns"_s);
        const QStringList offered = CsvExportDialog::availableColumns();
        QCOMPARE(list->count(), offered.size());
        QVERIFY(offered.contains(u"raw_json"_s));
        QVERIFY(!offered.contains(u"public_metrics.like_count"_s)); // a name of like_count, not another column
        QVERIFY(offered.contains(u"geo.coordinates.type"_s)); // twarc-csv only
        QCOMPARE(QSet<QString>(offered.begin(), offered.end()).size(), offered.size());
        QVERIFY(ts::exporter::csvColumnsFromNames(offered, nullptr).has_value());
        QVERIFY(dialog.findChild<QRadioButton *>(u"exportVisibleRows"_s)->text().contains(u"10"_s));
    }

    void columnsChosenAndReordered_data()
    {
        QTest::addColumn<QStringList>("checked");
        QTest::addColumn<QString>("moveUp");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("subset keeps the given order")
            << QStringList { u"text"_s, u"id"_s } << QString() << QStringList { u"text"_s, u"id"_s };
        QTest::addRow("up moves a column") << QStringList { u"id"_s, u"lang"_s, u"raw_json"_s } << u"raw_json"_s
                                           << QStringList { u"id"_s, u"raw_json"_s, u"lang"_s };
        QTest::addRow("unknown names dropped")
            << QStringList { u"nope"_s, u"author_id"_s } << QString() << QStringList { u"author_id"_s };
    }
    void columnsChosenAndReordered()
    {
        QFETCH(QStringList, checked);
        QFETCH(QString, moveUp);
        QFETCH(QStringList, expected);
        CsvExportDialog dialog(1, 1);
        dialog.setColumns(checked);
        if (!moveUp.isEmpty()) {
            auto *list = dialog.findChild<QListWidget *>(u"exportColumns"_s);
            list->setCurrentItem(list->findItems(moveUp, Qt::MatchExactly).value(0));
            QTest::mouseClick(dialog.findChild<QPushButton *>(u"columnUp"_s), Qt::LeftButton);
        }
        QCOMPARE(dialog.columns(), expected);
    }

    void noColumnNoExport()
    {
        CsvExportDialog dialog(1, 1);
        auto *list = dialog.findChild<QListWidget *>(u"exportColumns"_s);
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(Qt::Unchecked);
        QVERIFY(!ok->isEnabled());
        list->item(3)->setCheckState(Qt::Checked);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"columnDefaults"_s), Qt::LeftButton);
        QCOMPARE(dialog.columns(), defaultNames());
    }

    void twarcCsvPreset()
    {
        CsvExportDialog dialog(1, 1);
        auto *names = dialog.findChild<QCheckBox *>(u"twarcNames"_s);
        QVERIFY(!names->isChecked());
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"columnTwarcPreset"_s), Qt::LeftButton);
        QVERIFY(names->isChecked());
        QCOMPARE(dialog.columns(), CsvExportDialog::twarcPreset());
        // In twarc-csv's order: its first columns, both author_id and author.id, the metrics.
        QCOMPARE(dialog.columns().mid(0, 3),
            (QStringList { u"id"_s, u"conversation_id"_s, u"referenced_tweets.replied_to.id"_s }));
        QVERIFY(dialog.columns().contains(u"author_id"_s) && dialog.columns().contains(u"author.id"_s));
        QVERIFY(dialog.columns().indexOf(u"public_metrics.reply_count"_s)
            < dialog.columns().indexOf(u"public_metrics.like_count"_s));
        // Every name is one the export library writes in twarc-csv's spelling.
        const auto columns = ts::exporter::csvColumnsFromNames(dialog.columns(), nullptr);
        QVERIFY(columns.has_value());
        for (const auto &c : *columns) {
            if (c.name.contains(u'.'))
                QCOMPARE(c.style, ts::exporter::CsvColumn::Style::Twarc);
        }
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"columnDefaults"_s), Qt::LeftButton);
        QVERIFY(!names->isChecked());
        QCOMPARE(dialog.columns(), defaultNames());
    }

    void twarcNamesShownForTheChosenColumns_data()
    {
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QStringList>("own");
        QTest::addColumn<QStringList>("twarc");
        QTest::addRow("aliases") << QStringList { u"like_count"_s, u"id"_s, u"hashtags"_s, u"coordinates"_s }
                                 << QStringList { u"like_count"_s, u"id"_s, u"hashtags"_s, u"coordinates"_s }
                                 << QStringList { u"public_metrics.like_count"_s, u"id"_s, u"entities.hashtags"_s,
                                        u"geo.coordinates.coordinates"_s };
        QTest::addRow("given as twarc-csv names") << QStringList { u"author.username"_s, u"queries"_s, u"text"_s }
                                                  << QStringList { u"author_username"_s, u"queries"_s, u"text"_s }
                                                  << QStringList { u"author.username"_s, u"queries"_s, u"text"_s };
    }
    void twarcNamesShownForTheChosenColumns()
    {
        QFETCH(QStringList, given);
        QFETCH(QStringList, own);
        QFETCH(QStringList, twarc);
        CsvExportDialog dialog(1, 1);
        dialog.setColumns(given);
        QCOMPARE(dialog.columns(), own);
        auto *list = dialog.findChild<QListWidget *>(u"exportColumns"_s);
        const QListWidgetItem *likes = list->findItems(u"like_count"_s, Qt::MatchExactly).value(0);
        QVERIFY(likes && likes->toolTip().contains(u"public_metrics.like_count"_s)); // the other name, at hand
        QTest::mouseClick(dialog.findChild<QCheckBox *>(u"twarcNames"_s), Qt::LeftButton);
        QCOMPARE(dialog.columns(), twarc);
        QVERIFY(ts::exporter::csvColumnsFromNames(dialog.columns(), nullptr).has_value());
        dialog.setTwarcNames(false);
        QCOMPARE(dialog.columns(), own);
    }

    void jsonlAsksOnlyForRows()
    {
        CsvExportDialog dialog(3, 9, nullptr, CsvExportDialog::Format::Jsonl);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.findChild<QGroupBox *>()->isHidden()); // rows
        QVERIFY(!dialog.findChild<QListWidget *>(u"exportColumns"_s)->isVisible());
        QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.setVisibleRowsOnly(true);
        QSettings settings;
        dialog.save(settings);
        QVERIFY(!settings.contains(u"export/csvColumns"_s));
        // Remembered apart from the CSV choice.
        CsvExportDialog csv(3, 9);
        csv.load(settings);
        QVERIFY(!csv.visibleRowsOnly());
        CsvExportDialog jsonl(3, 9, nullptr, CsvExportDialog::Format::Jsonl);
        jsonl.load(settings);
        QVERIFY(jsonl.visibleRowsOnly());
    }

    void choiceIsRemembered()
    {
        {
            CsvExportDialog dialog(5, 9);
            dialog.setColumns({ u"lang"_s, u"id"_s });
            QTest::mouseClick(dialog.findChild<QRadioButton *>(u"exportVisibleRows"_s), Qt::LeftButton);
            QSettings settings;
            dialog.save(settings);
        }
        CsvExportDialog again(5, 9);
        again.load(QSettings());
        QCOMPARE(again.columns(), (QStringList { u"lang"_s, u"id"_s }));
        QVERIFY(again.visibleRowsOnly());
        QVERIFY(!again.twarcNames());
        // The twarc-csv naming too.
        {
            again.setTwarcNames(true);
            again.setColumns({ u"id"_s, u"retweet_count"_s });
            QSettings settings;
            again.save(settings);
        }
        CsvExportDialog twarc(5, 9);
        twarc.load(QSettings());
        QVERIFY(twarc.twarcNames());
        QCOMPARE(twarc.columns(), (QStringList { u"id"_s, u"public_metrics.retweet_count"_s }));
        // Nothing visible: the visible-rows choice falls back to all rows.
        CsvExportDialog empty(0, 9);
        empty.load(QSettings());
        QVERIFY(!empty.visibleRowsOnly());
    }
};

QTEST_MAIN(TestCsvExportDialog)
#include "tst_csvexportdialog.moc"
