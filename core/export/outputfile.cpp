// SPDX-License-Identifier: MIT
#include "outputfile.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <cstring>

namespace ts::exporter {

OutputFile::OutputFile(QString path)
    : m_path(std::move(path))
{ }

OutputFile::OutputFile(QByteArray *memory)
    : m_path(QStringLiteral("(memory)"))
    , m_memory(memory)
{ }

OutputFile::~OutputFile()
{
    if (m_open && !m_done)
        cancel();
}

void OutputFile::setError(const QString &reason)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("cannot write '%1': %2").arg(m_path, reason);
}

bool OutputFile::open()
{
    m_capacity = FlushThreshold + (FlushThreshold >> 2);
    m_buffer = std::make_unique<char[]>(m_capacity);
    if (isMemory()) {
        auto buffer = std::make_unique<QBuffer>(m_memory);
        buffer->open(QIODevice::WriteOnly | QIODevice::Truncate);
        m_device = std::move(buffer);
        m_open = true;
        return true;
    }
    if (isStdout()) {
        auto file = std::make_unique<QFile>();
        if (!file->open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)) {
            setError(file->errorString());
            return false;
        }
        m_device = std::move(file);
        m_open = true;
        return true;
    }
    if (m_path.isEmpty()) {
        setError(QStringLiteral("no file name given"));
        return false;
    }
    // QSaveFile would report a directory target only at commit(), after all the work.
    const QFileInfo info(m_path);
    if (info.isDir()) {
        setError(QStringLiteral("it is a directory"));
        return false;
    }
    if (!info.absoluteDir().exists()) {
        setError(QStringLiteral("the folder '%1' does not exist").arg(info.absolutePath()));
        return false;
    }
    auto file = std::make_unique<QSaveFile>(m_path);
    if (!file->open(QIODevice::WriteOnly)) {
        setError(file->errorString());
        return false;
    }
    m_device = std::move(file);
    m_open = true;
    return true;
}

char *OutputFile::reserve(qsizetype n)
{
    if (m_size + n > m_capacity) {
        flush();
        if (n > m_capacity) { // one huge record: grow once, it is kept for the next ones
            auto bigger = std::make_unique<char[]>(n);
            std::memcpy(bigger.get(), m_buffer.get(), size_t(m_size));
            m_buffer = std::move(bigger);
            m_capacity = n;
        }
    }
    return m_buffer.get() + m_size;
}

void OutputFile::append(QByteArrayView bytes)
{
    if (bytes.isEmpty()) // an empty view may have a null data(), which memcpy forbids
        return;
    char *p = reserve(bytes.size());
    std::memcpy(p, bytes.data(), size_t(bytes.size()));
    m_size += bytes.size();
}

bool OutputFile::flush()
{
    if (failed() || !m_device) {
        m_size = 0;
        return false;
    }
    const char *p = m_buffer.get();
    qsizetype left = m_size;
    while (left > 0) {
        const qint64 n = m_device->write(p, left);
        if (n <= 0) {
            setError(m_device->errorString().isEmpty() ? QStringLiteral("write failed") : m_device->errorString());
            m_size = 0;
            return false;
        }
        p += n;
        left -= n;
        m_flushed += n;
    }
    m_size = 0;
    return true;
}

bool OutputFile::commit()
{
    if (!m_open || m_done)
        return !failed();
    flush();
    m_done = true;
    if (isMemory())
        return !failed();
    if (isStdout()) {
        auto *file = static_cast<QFile *>(m_device.get());
        if (!failed() && !file->flush())
            setError(file->errorString());
        std::fflush(stdout);
        return !failed();
    }
    auto *save = static_cast<QSaveFile *>(m_device.get());
    if (failed()) {
        save->cancelWriting();
        save->commit(); // discards the temporary file
        return false;
    }
    if (!save->commit()) {
        setError(save->errorString());
        return false;
    }
    return true;
}

void OutputFile::cancel()
{
    if (!m_open || m_done)
        return;
    m_done = true;
    m_size = 0;
    if (!isStdout() && !isMemory()) {
        auto *save = static_cast<QSaveFile *>(m_device.get());
        save->cancelWriting();
        save->commit();
    }
}

} // namespace ts::exporter
