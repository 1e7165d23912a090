// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace ts::archive {

/**
 * @brief Writes compact JSON straight into a byte buffer, for the service's page bodies.
 *
 * A page of 100 tweets built as QJsonObjects cost the service most of its time in small
 * allocations (QCborValue nodes, then a second pass to serialize). This writer appends to one
 * QByteArray. Commas are placed automatically; the caller nests objects and arrays correctly.
 */
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 4096) { m_out.reserve(reserve); }

    JsonWriter &beginObject()
    {
        separate();
        m_out += '{';
        m_first = true;
        return *this;
    }
    JsonWriter &endObject()
    {
        m_out += '}';
        m_first = false;
        return *this;
    }
    JsonWriter &beginArray()
    {
        separate();
        m_out += '[';
        m_first = true;
        return *this;
    }
    JsonWriter &endArray()
    {
        m_out += ']';
        m_first = false;
        return *this;
    }
    /// The key of the next value. key is plain ASCII (our own literals).
    JsonWriter &key(const char *key)
    {
        separate();
        m_out += '"';
        m_out += key;
        m_out += "\":";
        m_first = true; // the value follows without a comma
        return *this;
    }
    JsonWriter &value(const QString &s);
    JsonWriter &value(QLatin1StringView s);
    JsonWriter &value(qint64 n)
    {
        separate();
        m_out += QByteArray::number(n);
        return *this;
    }
    JsonWriter &value(int n) { return value(qint64(n)); }
    JsonWriter &value(double d);
    JsonWriter &value(bool b)
    {
        separate();
        m_out += b ? "true" : "false";
        return *this;
    }
    /// A value that is already JSON (a stored raw tweet).
    JsonWriter &raw(const QByteArray &json)
    {
        separate();
        m_out += json;
        return *this;
    }

    template <typename T> JsonWriter &field(const char *k, const T &v) { return key(k).value(v); }

    QByteArray take() { return std::move(m_out); }
    qsizetype size() const { return m_out.size(); }

private:
    void separate()
    {
        if (!m_first)
            m_out += ',';
        m_first = false;
    }
    void appendEscaped(const QByteArray &utf8);

    QByteArray m_out;
    bool m_first = true;
};

} // namespace ts::archive
