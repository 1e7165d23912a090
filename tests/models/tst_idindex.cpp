// SPDX-License-Identifier: MIT
#include "models/store/blockprefaulter.h"
#include "models/store/idindex.h"
#include "models/store/stringpool.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using ts::ui::BlockPrefaulter;
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
        QTest::addColumn<bool>("prefaulted");
        QTest::addRow("few") << 5 << false << false;
        QTest::addRow("past several rehashes") << 200000 << false << false;
        QTest::addRow("reserved") << 50000 << true << false;
        QTest::addRow("tables faulted in ahead") << 200000 << false << true;
        QTest::addRow("tables faulted in ahead, reserved") << 50000 << true << true;
    }
    void idsThroughGrowth()
    {
        QFETCH(int, count);
        QFETCH(bool, reserved);
        QFETCH(bool, prefaulted);
        BlockPrefaulter prefaulter;
        IdIndex index;
        if (prefaulted)
            index.setPrefaulter(&prefaulter);
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
        // Short Latin-1 values are compared inside the slot, others through the pool: both
        // kinds, at the boundary, and values that differ only past the first characters.
        const QStringList odd = { u"a"_s, u"exactly23characterslong"_s, u"exactly24characters_long"_s,
            u"exactly23characterslonG"_s, u"caf\u00e9"_s, u"cafe"_s, u"\u043c\u043e\u0441\u043a\u0432\u0430"_s,
            u"\U0001F431cats"_s, u"#eclipse #nuclear #korea #cats #ai #memes"_s, u"user1 "_s };
        QList<quint32> oddIndexes;
        for (const QString &value : odd)
            oddIndexes.append(pool.intern(value));
        QCOMPARE(QSet<quint32>(oddIndexes.begin(), oddIndexes.end()).size(), odd.size());
        for (qsizetype i = 0; i < odd.size(); ++i) {
            QCOMPARE(pool.intern(odd[i]), oddIndexes[i]);
            QCOMPARE(pool.at(oddIndexes[i]), odd[i]);
        }
        QCOMPARE(pool.find(u"exactly23characterslon"_s), -1);
        QCOMPARE(pool.find(u"caf\u00c9"_s), -1);
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
