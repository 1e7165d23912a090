// SPDX-License-Identifier: MIT
#include "tweetdetailpane.h"

#include "tweet/atproto.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace ts::ui {

TweetDetailPane::TweetDetailPane(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_view(new QTextBrowser(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_view->setOpenExternalLinks(true);
    m_view->setObjectName(QStringLiteral("tweetView"));
    m_raw->setReadOnly(true);
    m_raw->setObjectName(QStringLiteral("rawJson"));
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_view, tr("Tweet"));
    m_tabs->addTab(m_raw, tr("Raw JSON"));
    m_tabs->setDocumentMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    showMessage(tr("Select a tweet to see it in full."));
}

QString TweetDetailPane::linkified(const QString &text, Site site)
{
    // X usernames are up to 15 word characters; Bluesky handles are domain names.
    static const QRegularExpression xTokens(
        QStringLiteral("(https?://[^\\s<>\"]+)|(?<![\\w&])#(\\w+)|(?<![\\w/])@(\\w{1,15})"),
        QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression blueskyTokens(
        QStringLiteral("(https?://[^\\s<>\"]+)|(?<![\\w&])#(\\w+)|(?<![\\w/"
                       "])@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]*)"),
        QRegularExpression::UseUnicodePropertiesOption);
    const bool bluesky = site == Site::Bluesky;
    const QRegularExpression &tokens = bluesky ? blueskyTokens : xTokens;
    QString html;
    qsizetype last = 0;
    auto it = tokens.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        html += text.mid(last, m.capturedStart() - last).toHtmlEscaped();
        QString href;
        if (m.hasCaptured(1))
            href = m.captured(1);
        else if (m.hasCaptured(2))
            href = (bluesky ? QStringLiteral("https://bsky.app/hashtag/") : QStringLiteral("https://x.com/hashtag/"))
                + QString::fromUtf8(QUrl::toPercentEncoding(m.captured(2)));
        else
            href = (bluesky ? QStringLiteral("https://bsky.app/profile/") : QStringLiteral("https://x.com/"))
                + m.captured(3);
        html += QStringLiteral("<a href=\"%1\">%2</a>").arg(href.toHtmlEscaped(), m.captured(0).toHtmlEscaped());
        last = m.capturedEnd();
    }
    html += text.mid(last).toHtmlEscaped();
    html.replace(u'\n', QStringLiteral("<br>"));
    return html;
}

void TweetDetailPane::showTweet(const Tweet &t, const QStringList &queries)
{
    const QLocale locale;
    const bool bluesky = t.format == TweetFormat::Bluesky;
    const QString url = bluesky      ? atproto::webUrl(t)
        : t.authorUsername.isEmpty() ? QStringLiteral("https://x.com/i/web/status/%1").arg(t.id)
                                     : QStringLiteral("https://x.com/%1/status/%2").arg(t.authorUsername, t.id);
    const QString profile = bluesky ? QStringLiteral("https://bsky.app/profile/") : QStringLiteral("https://x.com/");
    QString html;
    html += QStringLiteral("<p><b>%1</b> <a href=\"%4%2\">@%2</a>%3</p>")
                .arg(t.authorName.toHtmlEscaped(), t.authorUsername.toHtmlEscaped(),
                    t.authorFollowers > 0 ? tr(" · %1 followers").arg(locale.toString(t.authorFollowers)) : QString(),
                    profile);
    if (bluesky) // the post's identity: its at:// URI (the table shows its 64-bit key)
        html += QStringLiteral("<p><small>%1</small></p>").arg(atproto::postUri(t).toHtmlEscaped());
    const Site site = bluesky ? Site::Bluesky : Site::X;
    html += QStringLiteral("<p style='font-size:large'>%1</p>").arg(linkified(t.text, site));
    // A referenced X tweet links to x.com; a referenced Bluesky post is shown by its identifier
    // only (its web address needs the author's handle, which the reference does not carry).
    const auto reference = [bluesky](const QString &id) {
        return bluesky ? id.toHtmlEscaped()
                       : QStringLiteral("<a href=\"https://x.com/i/web/status/%1\">%1</a>").arg(id.toHtmlEscaped());
    };
    auto quoted = [&](const QString &title, const QString &id, const QString &text) {
        if (id.isEmpty() && text.isEmpty())
            return;
        html += QStringLiteral("<table width='100%' cellpadding='6' style='border:1px solid gray'><tr><td>"
                               "<small>%1 %2</small><br>%3</td></tr></table>")
                    .arg(title.toHtmlEscaped(), reference(id), linkified(text, site));
    };
    if (t.type == TweetType::Retweet)
        quoted(tr("Retweet of"), t.retweetedId, t.retweetedText);
    quoted(tr("Quoting"), t.quotedId, t.quotedText);
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("%1 likes · %2 retweets · %3 replies · %4 quotes")
                         .arg(locale.toString(t.likeCount), locale.toString(t.retweetCount),
                             locale.toString(t.replyCount), locale.toString(t.quoteCount)));
    html += QStringLiteral("<p><small>%1 · %2%3%4</small></p>")
                .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(t.createdAtMs, Qt::UTC),
                         QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                    typeName(t.type), t.lang.isEmpty() ? QString() : QStringLiteral(" · ") + t.lang,
                    t.source.isEmpty() ? QString() : QStringLiteral(" · ") + t.source.toHtmlEscaped());
    if (!t.inReplyToStatusId.isEmpty())
        html += QStringLiteral("<p><small>%1 %2</small></p>").arg(tr("In reply to"), reference(t.inReplyToStatusId));
    if (!queries.isEmpty())
        html += QStringLiteral("<p><small>%1 %2</small></p>")
                    .arg(tr("Matched by:"), queries.join(QStringLiteral(" · ")).toHtmlEscaped());
    html += QStringLiteral("<p><a href=\"%1\">%2</a></p>")
                .arg(url.toHtmlEscaped(), bluesky ? tr("Open on bsky.app") : tr("Open on x.com"));
    m_view->setHtml(html);
    if (t.rawJson.isEmpty()) {
        m_raw->setPlainText(tr("(The raw JSON of this tweet is not stored: it came from a generated archive or the "
                               "collection could not be read.)"));
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(t.rawJson);
        m_raw->setPlainText(
            doc.isNull() ? QString::fromUtf8(t.rawJson) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    }
}

void TweetDetailPane::showMessage(const QString &message)
{
    m_view->setHtml(QStringLiteral("<p style='color:gray'>%1</p>").arg(message.toHtmlEscaped()));
    m_raw->clear();
}

QString TweetDetailPane::currentHtml() const
{
    return m_view->toHtml();
}

QString TweetDetailPane::currentRawJson() const
{
    return m_raw->toPlainText();
}

} // namespace ts::ui
