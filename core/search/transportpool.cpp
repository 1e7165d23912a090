// SPDX-License-Identifier: MIT
#include "transportpool.h"

#include <QNetworkAccessManager>

#include <QCoroSignal>

namespace ts::search {

TransportPool::TransportPool(int maxManagers, QObject *parent)
    : QObject(parent)
    , m_maxManagers(std::max(1, maxManagers))
{ }

TransportPool::~TransportPool() = default;

int TransportPool::tryAcquire()
{
    int best = -1;
    for (int i = 0; i < int(m_managers.size()); ++i) {
        if (m_managers[i].inFlight < connectionsPerManager
            && (best < 0 || m_managers[i].inFlight < m_managers[best].inFlight))
            best = i;
    }
    // Prefer a fresh manager over doubling up on a busy one: a busy manager's free connection may
    // still be opening, and new managers are cheap.
    if ((best < 0 || m_managers[best].inFlight > 0) && int(m_managers.size()) < m_maxManagers) {
        auto nam = std::make_unique<QNetworkAccessManager>();
        nam->setAutoDeleteReplies(false);
        m_managers.push_back(Entry { std::move(nam), 0 });
        best = int(m_managers.size()) - 1;
    }
    if (best < 0)
        return -1;
    ++m_managers[best].inFlight;
    ++m_inFlight;
    m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
    return best;
}

QCoro::Task<int> TransportPool::acquire()
{
    for (;;) {
        if (m_aborted)
            co_return -1;
        const int index = tryAcquire();
        if (index >= 0)
            co_return index;
        co_await qCoro(this, &TransportPool::slotFreed);
    }
}

void TransportPool::release(int index)
{
    if (index < 0 || index >= int(m_managers.size()))
        return;
    --m_managers[index].inFlight;
    --m_inFlight;
    Q_EMIT slotFreed();
}

QNetworkAccessManager *TransportPool::manager(int index) const
{
    return m_managers.at(index).manager.get();
}

void TransportPool::abortWaiting()
{
    m_aborted = true;
    Q_EMIT slotFreed();
}

} // namespace ts::search
