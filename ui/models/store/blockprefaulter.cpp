// SPDX-License-Identifier: MIT
#include "blockprefaulter.h"

#include <algorithm>
#include <ctime>

namespace ts::ui {

namespace {

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

BlockPrefaulter::~BlockPrefaulter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
    for (const Ready &r : m_ready)
        HugeFree()(r.block);
}

void BlockPrefaulter::prepare(std::size_t bytes, int ahead)
{
    {
        const std::lock_guard lock(m_mutex);
        const auto coming = std::count(m_requests.begin(), m_requests.end(), bytes) + (m_inProgress == bytes ? 1 : 0)
            + std::count_if(m_ready.begin(), m_ready.end(), [bytes](const Ready &r) { return r.bytes == bytes; });
        if (coming >= ahead)
            return;
        m_requests.insert(m_requests.end(), size_t(ahead - coming), bytes);
        if (!m_thread.joinable())
            m_thread = std::thread([this] { run(); });
    }
    m_wake.notify_one();
}

void *BlockPrefaulter::take(std::size_t bytes)
{
    {
        const std::lock_guard lock(m_mutex);
        const auto ready
            = std::find_if(m_ready.begin(), m_ready.end(), [bytes](const Ready &r) { return r.bytes == bytes; });
        if (ready != m_ready.end()) {
            void *block = ready->block;
            m_ready.erase(ready);
            return block;
        }
    }
    return allocateHuge(bytes);
}

std::size_t BlockPrefaulter::readyBytes() const
{
    const std::lock_guard lock(m_mutex);
    std::size_t total = 0;
    for (const Ready &r : m_ready)
        total += r.bytes;
    return total;
}

void BlockPrefaulter::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_requests.empty(); });
        if (m_stop)
            return;
        const auto smallest = std::min_element(m_requests.begin(), m_requests.end());
        const std::size_t bytes = *smallest;
        m_requests.erase(smallest);
        m_inProgress = bytes;
        lock.unlock();

        const qint64 start = threadCpuNs();
        void *block = nullptr;
        try {
            block = allocateHuge(bytes);
            // One write per 4 KB page: the kernel maps (and zeroes) each page now, or each
            // 2 MB huge page at its first write.
            auto *bytesOut = static_cast<volatile char *>(block);
            for (std::size_t offset = 0; offset < bytes; offset += 4096)
                bytesOut[offset] = 0;
        } catch (const std::bad_alloc &) {
            block = nullptr; // take() will allocate (and report) it itself
        }
        m_cpuNs.fetch_add(threadCpuNs() - start, std::memory_order_relaxed);

        lock.lock();
        m_inProgress = 0;
        if (block)
            m_ready.push_back({ bytes, block });
    }
}

} // namespace ts::ui
