// SPDX-License-Identifier: MIT
#include "hydration.h"

#include <QFile>
#include <QHash>

#include <cstdio>

namespace ts::search::hydration {

bool isTweetId(QStringView text)
{
    if (text.isEmpty() || text.size() > 19 || text.front() == u'0')
        return false;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

QStringList batches(const QStringList &ids, int perBatch)
{
    perBatch = std::clamp(perBatch, 1, MaxIdsPerLookup);
    QStringList out;
    out.reserve(ids.size() / perBatch + 1);
    for (qsizetype i = 0; i < ids.size(); i += perBatch)
        out << ids.mid(i, perBatch).join(u',');
    return out;
}

QStringList batchIds(const QString &batch)
{
    return batch.split(u',');
}

QString validateBatch(const QString &batch)
{
    if (batch.trimmed().isEmpty())
        return QStringLiteral("no tweet id to look up");
    const QStringList ids = batchIds(batch);
    if (ids.size() > MaxIdsPerLookup)
        return QStringLiteral("%1 ids in one lookup; at most %2").arg(ids.size()).arg(MaxIdsPerLookup);
    for (const QString &id : ids) {
        if (!isTweetId(id))
            return QStringLiteral("'%1' is not a tweet id (1 to 19 digits)").arg(id.left(40));
    }
    return {};
}

QString batchLabel(int batchIndex, const QString &batch)
{
    const qsizetype n = batch.isEmpty() ? 0 : batch.count(u',') + 1;
    return QStringLiteral("batch %1 (%2 %3)")
        .arg(batchIndex + 1)
        .arg(n)
        .arg(n == 1 ? QLatin1String("id") : QLatin1String("ids"));
}

MissingReason classify(const ApiProblem &problem)
{
    if (problem.title.contains(QLatin1String("withheld"), Qt::CaseInsensitive)
        || problem.detail.contains(QLatin1String("withheld"), Qt::CaseInsensitive))
        return MissingReason::Withheld;
    // Live answers said api.twitter.com, newer documents api.x.com: match the path's end.
    if (problem.type.endsWith(QLatin1String("/resource-not-found")))
        return MissingReason::NotFound;
    if (problem.type.endsWith(QLatin1String("/not-authorized-for-resource")))
        return MissingReason::NotAuthorized;
    return MissingReason::Other;
}

QList<MissingId> missingIds(
    const QString &batch, const QList<Tweet> &tweets, const QList<ApiProblem> &problems, int queryIndex)
{
    QSet<QString> found;
    found.reserve(tweets.size());
    for (const Tweet &t : tweets)
        found.insert(t.id);
    // Problems about the requested ids: parameter "ids" (or "id"), or none named.
    QHash<QString, const ApiProblem *> about;
    for (const ApiProblem &p : problems) {
        if (p.resourceId.isEmpty())
            continue;
        if (!p.parameter.isEmpty() && p.parameter != QLatin1String("ids") && p.parameter != QLatin1String("id"))
            continue;
        if (!about.contains(p.resourceId))
            about.insert(p.resourceId, &p);
    }
    QList<MissingId> out;
    QSet<QString> seen;
    for (const QString &id : batchIds(batch)) {
        if (found.contains(id) || seen.contains(id))
            continue;
        seen.insert(id);
        const ApiProblem *p = about.value(id);
        out.append(MissingId { id, p ? classify(*p) : MissingReason::Other,
            p ? (p->detail.isEmpty() ? p->title : p->detail) : QStringLiteral("not in the answer, and no error for it"),
            queryIndex });
    }
    return out;
}

void countMissing(const QList<MissingId> &missing, HydrationCounts *counts)
{
    for (const MissingId &m : missing) {
        switch (m.reason) {
        case MissingReason::NotFound:
            ++counts->notFound;
            break;
        case MissingReason::NotAuthorized:
            ++counts->notAuthorized;
            break;
        case MissingReason::Withheld:
            ++counts->withheld;
            break;
        case MissingReason::Other:
            ++counts->other;
            break;
        }
    }
}

namespace {

/// The fields of one CSV record (RFC 4180). *open is true when the record ends inside quotes
/// (a line break inside a quoted field: the caller appends the next line and parses again).
QStringList csvFields(const QString &record, bool *open)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < record.size(); ++i) {
        const QChar c = record.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < record.size() && record.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else if (c != u'\r' && c != u'\n') {
            field += c;
        }
    }
    fields << field;
    *open = quoted;
    return fields;
}

} // namespace

IdFileReader::IdFileReader(IdFileLimits limits)
    : m_limits(limits)
{ }

bool IdFileReader::add(const QString &value, const QString &path, qint64 line, QString *error)
{
    const QString id = value.trimmed();
    if (id.isEmpty()) {
        ++m_ignored;
        return true;
    }
    if (!isTweetId(id)) {
        ++m_invalid;
        if (m_errors.size() < m_limits.maxReportedErrors)
            m_errors << QStringLiteral("%1:%2: '%3' is not a tweet id (1 to 19 digits)")
                            .arg(path)
                            .arg(line)
                            .arg(id.size() > 40 ? id.left(40) + QStringLiteral("...") : id);
        return true;
    }
    if (m_seen.contains(id)) {
        ++m_duplicates;
        return true;
    }
    if (m_ids.size() >= m_limits.maxIds) {
        *error = QStringLiteral("%1:%2: more than %3 distinct ids in one run; split the input")
                     .arg(path)
                     .arg(line)
                     .arg(m_limits.maxIds);
        return false;
    }
    m_seen.insert(id);
    m_ids << id;
    return true;
}

bool IdFileReader::read(const QString &path, const QString &column, QString *error)
{
    QFile f;
    const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                   : (f.setFileName(path), f.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    const bool csv = !column.isEmpty();
    qsizetype columnIndex = -1;
    qint64 lineNo = 0;
    bool first = true;
    // readLine() until it returns nothing: atEnd() is not to be trusted on a pipe (stdin).
    for (bool eof = false; !eof;) {
        // One physical line, bounded; a CSV record may take several (line breaks inside quotes).
        QString record;
        const qint64 recordLine = lineNo + 1;
        QStringList fields;
        for (;;) {
            // readLine(n) returns at most n - 1 bytes: one more than the bound shows a longer line.
            const QByteArray raw = f.readLine(m_limits.maxRecordBytes + 2);
            if (raw.isEmpty()) {
                eof = true;
                break;
            }
            ++lineNo;
            if (raw.size() > m_limits.maxRecordBytes || record.size() + raw.size() > m_limits.maxRecordBytes) {
                *error = QStringLiteral("%1:%2: a %3 longer than %4 bytes; is this an id file?")
                             .arg(path)
                             .arg(lineNo)
                             .arg(csv ? QStringLiteral("record") : QStringLiteral("line"))
                             .arg(m_limits.maxRecordBytes);
                return false;
            }
            record += QString::fromUtf8(raw);
            if (!csv)
                break;
            bool open = false;
            fields = csvFields(record, &open);
            if (!open)
                break;
        }
        if (record.isEmpty())
            break;
        if (first && record.startsWith(QChar(0xfeff)))
            record.remove(0, 1); // a byte order mark, as spreadsheet programs write
        if (!csv) {
            first = false;
            const QString line = record.trimmed();
            if (line.isEmpty() || line.startsWith(u'#')) {
                ++m_ignored;
                continue;
            }
            if (!add(line, path, recordLine, error))
                return false;
            continue;
        }
        if (first) {
            first = false;
            bool open = false;
            fields = csvFields(record, &open);
            for (qsizetype i = 0; i < fields.size(); ++i) {
                if (fields[i].trimmed() == column) {
                    columnIndex = i;
                    break;
                }
            }
            if (columnIndex < 0) {
                QStringList names;
                for (const QString &n : std::as_const(fields))
                    names << n.trimmed();
                *error = QStringLiteral("%1: no column '%2' in the header (columns: %3)")
                             .arg(path, column, names.join(QStringLiteral(", ")).left(400));
                return false;
            }
            continue;
        }
        if (record.trimmed().isEmpty()) {
            ++m_ignored;
            continue;
        }
        if (columnIndex >= fields.size()) {
            ++m_invalid;
            if (m_errors.size() < m_limits.maxReportedErrors)
                m_errors << QStringLiteral("%1:%2: no '%3' cell in this record (%4 fields)")
                                .arg(path)
                                .arg(recordLine)
                                .arg(column)
                                .arg(fields.size());
            continue;
        }
        if (!add(fields.at(columnIndex), path, recordLine, error))
            return false;
    }
    if (csv && first) {
        *error = QStringLiteral("%1: empty file, no header with a '%2' column").arg(path, column);
        return false;
    }
    return true;
}

} // namespace ts::search::hydration
