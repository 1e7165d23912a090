// SPDX-License-Identifier: MIT
#include "idindex.h"
#include "stringpool.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::IdIndex;
using ts::ui::StringPool;

// The table's two lookup structures: tweet id -> row, and interned strings.
class TestIdIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idsThroughGrowth_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("reserved");
        QTest::addRow("few") << 5 << false;
        QTest::addRow("past several rehashes") << 200000 << false;
        QTest::addRow("reserved") << 50000 << true;
    }
    void idsThroughGrowth()
    {
        QFETCH(int, count);
        QFETCH(bool, reserved);
        IdIndex index;
        QCOMPARE(index.value(42), -1);
        if (reserved)
            index.reserve(size_t(count));
        // Snowflake-like ids: close together, differing in the low bits; plus 0 and the maximum.
        QList<quint64> ids { 0, ~quint64(0) };
        for (int i = 0; i < count; ++i)
            ids.append((quint64(1700000000000 + i / 7) << 22) | quint64(i % 7));
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(index.findOrInsert(ids[i], i), -1);
        QCOMPARE(index.size(), size_t(ids.size()));
        for (int i = 0; i < ids.size(); ++i) {
            QCOMPARE(index.value(ids[i]), i);
            QCOMPARE(index.findOrInsert(ids[i], -5), i); // known: nothing added
        }
        QCOMPARE(index.size(), size_t(ids.size()));
        QCOMPARE(index.value(12345), -1);
        index.clear();
        QCOMPARE(index.value(ids[3]), -1);
        index.insert(7, 1);
        QCOMPARE(index.value(7), 1);
    }

    void stringPoolKeepsIndexes()
    {
        StringPool pool;
        QCOMPARE(pool.intern(QString()), 0u);
        QList<quint32> first;
        for (int i = 0; i < 5000; ++i)
            first.append(pool.intern(u"user%1"_s.arg(i)));
        for (int i = 0; i < 5000; ++i) {
            QCOMPARE(pool.intern(u"user%1"_s.arg(i)), first[i]); // stable across rehashes
            QCOMPARE(pool.at(first[i]), u"user%1"_s.arg(i));
            QCOMPARE(pool.find(u"user%1"_s.arg(i)), qint64(first[i]));
        }
        QCOMPARE(pool.find(u"nobody"_s), -1);
        QCOMPARE(pool.size(), 5001);
        // Case-insensitive rank order for sorting.
        StringPool names;
        const quint32 b = names.intern(u"bob"_s), a = names.intern(u"Alice"_s), c = names.intern(u"carol"_s);
        QVERIFY(names.rank(a) < names.rank(b) && names.rank(b) < names.rank(c));
        names.clear();
        QCOMPARE(names.size(), 1);
        QCOMPARE(names.find(u"bob"_s), -1);
    }
};

QTEST_GUILESS_MAIN(TestIdIndex)
#include "tst_idindex.moc"
