// SPDX-License-Identifier: MIT
#include "csvexportdialog.h"
#include "export/csvcolumns.h"

#include <QDialogButtonBox>
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
        QVERIFY(!offered.contains(u"public_metrics.like_count"_s));
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
        // Nothing visible: the visible-rows choice falls back to all rows.
        CsvExportDialog empty(0, 9);
        empty.load(QSettings());
        QVERIFY(!empty.visibleRowsOnly());
    }
};

QTEST_MAIN(TestCsvExportDialog)
#include "tst_csvexportdialog.moc"
