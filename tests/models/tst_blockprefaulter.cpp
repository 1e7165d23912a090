// SPDX-License-Identifier: MIT
#include "models/store/blockprefaulter.h"

#include <QTest>

#include <cstring>

using ts::ui::BlockPrefaulter;

// The blocks the results table faults in ahead on a background thread.
class TestBlockPrefaulter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preparedBlocksAreTakenOnce()
    {
        constexpr std::size_t size = std::size_t(2) << 20;
        BlockPrefaulter prefaulter;
        prefaulter.prepare(size, 2);
        prefaulter.prepare(size, 2); // already coming: nothing more
        QTRY_COMPARE(prefaulter.readyBytes(), 2 * size);
        QVERIFY(prefaulter.backgroundCpuNs() > 0);
        ts::ui::HugeArray<char> a = prefaulter.takeArray<char>(size);
        ts::ui::HugeArray<char> b = prefaulter.takeArray<char>(size);
        QCOMPARE(prefaulter.readyBytes(), 0u);
        QVERIFY(a && b && a.get() != b.get());
        // Not prepared (or another size): allocated on the spot, just as usable.
        ts::ui::HugeArray<char> c = prefaulter.takeArray<char>(size);
        ts::ui::HugeArray<char> d = prefaulter.takeArray<char>(4096);
        for (char *block : { a.get(), b.get(), c.get() }) {
            std::memset(block, 'x', size);
            QCOMPARE(block[size - 1], 'x');
        }
        std::memset(d.get(), 'y', 4096);
        prefaulter.prepare(size); // left untaken: freed with the prefaulter
    }
};

QTEST_GUILESS_MAIN(TestBlockPrefaulter)
#include "tst_blockprefaulter.moc"
