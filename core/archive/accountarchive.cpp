// SPDX-License-Identifier: MIT
#include "accountarchive.h"

#include "tweet/jsonelementreader.h"

#include <QFileInfo>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <archive.h>
#include <archive_entry.h>

namespace ts::archive {

namespace {

/// The current entry's data as a sequential device: each read() decompresses the next block.
class EntryDevice : public QIODevice
{
public:
    explicit EntryDevice(struct archive *a)
        : m_archive(a)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const la_ssize_t n = archive_read_data(m_archive, data, size_t(max));
        if (n < 0) {
            setErrorString(QString::fromUtf8(archive_error_string(m_archive)));
            return -1;
        }
        return qint64(n);
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    struct archive *m_archive;
};

constexpr qsizetype maxAccountEntry = 1 << 20; // account.js is a few hundred bytes

} // namespace

struct AccountArchive::Private
{
    QString path;
    struct archive *a = nullptr;
    qint64 size = 0;

    ~Private() { close(); }
    void close()
    {
        if (a)
            archive_read_free(a);
        a = nullptr;
    }
    bool open(QString *error)
    {
        close();
        a = archive_read_new();
        archive_read_support_format_zip(a);
        size = QFileInfo(path).size();
        if (archive_read_open_filename(a, QFile::encodeName(path).constData(), 1 << 16) != ARCHIVE_OK) {
            if (error)
                *error = QStringLiteral("%1: not a ZIP file that can be read: %2")
                             .arg(path, QString::fromUtf8(archive_error_string(a)));
            close();
            return false;
        }
        return true;
    }
    /// Every entry in ZIP order; false with *error on a damaged ZIP.
    template <typename Each> bool entries(Each &&each, QString *error)
    {
        if (!open(error))
            return false;
        struct archive_entry *entry = nullptr;
        for (;;) {
            const int r = archive_read_next_header(a, &entry);
            if (r == ARCHIVE_EOF)
                return true;
            if (r < ARCHIVE_WARN) {
                if (error)
                    *error
                        = QStringLiteral("%1: damaged ZIP: %2").arg(path, QString::fromUtf8(archive_error_string(a)));
                return false;
            }
            const char *utf8 = archive_entry_pathname_utf8(entry);
            const QString name = utf8 ? QString::fromUtf8(utf8) : QFile::decodeName(archive_entry_pathname(entry));
            if (archive_entry_filetype(entry) != AE_IFREG)
                continue;
            if (!each(name))
                return true;
        }
    }
};

AccountArchive::Kind AccountArchive::kindOf(const QString &entryName)
{
    const QString base = entryName.section(u'/', -1).toLower();
    const QString dir = entryName.section(u'/', -2, -2).toLower();
    if (dir.endsWith(QLatin1String("_media")) || entryName.contains(QLatin1String("_media/")))
        return Kind::Media;
    if (!base.endsWith(QLatin1String(".js")))
        return Kind::Other;
    static const QRegularExpression tweets(QStringLiteral("^(tweets?|community-tweet)(-part\\d+)?\\.js$"));
    static const QRegularExpression likes(QStringLiteral("^like(-part\\d+)?\\.js$"));
    if (tweets.match(base).hasMatch())
        return Kind::Tweets;
    if (base == QLatin1String("account.js"))
        return Kind::Account;
    if (likes.match(base).hasMatch())
        return Kind::Likes;
    if (base.startsWith(QLatin1String("direct-message")) || base.startsWith(QLatin1String("direct_message")))
        return Kind::DirectMessages;
    if (base.startsWith(QLatin1String("deleted-tweet")) || base.startsWith(QLatin1String("deleted_tweet")))
        return Kind::DeletedTweets;
    if (base.startsWith(QLatin1String("note-tweet")) || base.startsWith(QLatin1String("note_tweet")))
        return Kind::NoteTweets;
    return Kind::Other;
}

QString AccountArchive::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Tweets:
        return QStringLiteral("tweets");
    case Kind::Account:
        return QStringLiteral("account");
    case Kind::Likes:
        return QStringLiteral("likes");
    case Kind::DirectMessages:
        return QStringLiteral("direct messages");
    case Kind::DeletedTweets:
        return QStringLiteral("deleted tweets");
    case Kind::NoteTweets:
        return QStringLiteral("long posts' full text");
    case Kind::Media:
        return QStringLiteral("media");
    case Kind::Other:
        break;
    }
    return QStringLiteral("other");
}

bool AccountArchive::looksLikeZip(QIODevice &device)
{
    const QByteArray head = device.peek(4);
    return head == QByteArrayView("PK\x03\x04", 4) || head == QByteArrayView("PK\x05\x06", 4);
}

AccountArchive::AccountArchive(const QString &path)
    : d(std::make_unique<Private>())
{
    d->path = path;
}

AccountArchive::~AccountArchive() = default;

bool AccountArchive::readOwner(AccountOwner *owner, QString *error)
{
    QString problem;
    bool found = false;
    const bool ok = d->entries(
        [&](const QString &name) {
            if (kindOf(name) != Kind::Account)
                return true;
            found = true;
            EntryDevice data(d->a);
            JsonElementReader reader;
            reader.open(&data, d->path + u':' + name);
            reader.setAssignmentPrefixAllowed(true);
            reader.setMaxElementSize(maxAccountEntry);
            JsonElementReader::Element e;
            if (!reader.next(e) || e.tooLong) {
                problem = reader.hasError() ? reader.errorString()
                                            : QStringLiteral("%1:%2: no account in it").arg(d->path, name);
                return false;
            }
            const QJsonObject account
                = QJsonDocument::fromJson(e.json.toByteArray()).object().value(QLatin1String("account")).toObject();
            owner->id = account.value(QLatin1String("accountId")).toString();
            owner->username = account.value(QLatin1String("username")).toString();
            owner->name = account.value(QLatin1String("accountDisplayName")).toString();
            if (owner->id.isEmpty())
                problem = QStringLiteral("%1:%2: no accountId in it").arg(d->path, name);
            return false;
        },
        error);
    d->close();
    if (!ok)
        return false;
    if (!found)
        problem = QStringLiteral("%1: no data/account.js: not an X account archive (the owner of its tweets is "
                                 "unknown)")
                      .arg(d->path);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    return true;
}

bool AccountArchive::forEachEntry(
    const std::function<bool(const QString &name, Kind kind, QIODevice &data)> &each, QString *error)
{
    const bool ok = d->entries(
        [&](const QString &name) {
            EntryDevice data(d->a);
            return each(name, kindOf(name), data);
        },
        error);
    d->close();
    return ok;
}

qint64 AccountArchive::bytesRead() const
{
    return d->a ? qint64(archive_filter_bytes(d->a, -1)) : d->size;
}

qint64 AccountArchive::size() const
{
    return d->size;
}

} // namespace ts::archive
