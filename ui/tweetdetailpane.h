// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

namespace ts::ui {

/// The selected tweet in full: text with clickable links, hashtags and mentions, author,
/// counts, the quoted or retweeted tweet, "Open on x.com", and the raw JSON as received.
class TweetDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit TweetDetailPane(QWidget *parent = nullptr);

    void showTweet(const Tweet &tweet, const QStringList &queries);
    /// No tweet selected, or only the table's values known (message says why).
    void showMessage(const QString &message);

    /// Where hashtags and mentions link: x.com, or bsky.app for a Bluesky post (whose mentions
    /// are handles, i.e. domain names such as @alice.bsky.social).
    enum class Site { X, Bluesky };
    /// The tweet as HTML (links, hashtags and mentions as anchors), for tests and reuse.
    static QString linkified(const QString &text, Site site = Site::X);
    QString currentHtml() const;
    QString currentRawJson() const;

private:
    QTabWidget *m_tabs;
    QTextBrowser *m_view;
    QPlainTextEdit *m_raw;
};

} // namespace ts::ui
