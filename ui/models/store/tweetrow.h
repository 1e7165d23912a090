// SPDX-License-Identifier: MIT
#pragma once

#include "textarena.h"
#include "tweet/tweet.h"

#include <QByteArrayView>

namespace ts::ui {

/// One table row: the few fields the table shows, sorts and filters on: 64 bytes, plus the
/// UTF-8 text in the model's arena. Raw JSON and the other Tweet fields stay in the collection file and are
/// loaded by id for the detail pane (a million full Tweets would not fit in memory).
struct TweetRow
{
    quint64 id = 0;
    qint64 createdAtMs = 0;
    const char *text = nullptr; ///< full text, UTF-8, NUL-terminated, owned by the model's TextArena
    quint32 textSize = 0; ///< bytes
    quint32 author = 0; ///< index into the model's author pool
    quint32 hashtags = 0; ///< index into the model's hashtag-set pool (0 = none)
    quint32 querySet = 0; ///< index into the model's query-set pool
    quint32 likes = 0;
    quint32 retweets = 0;
    quint32 replies = 0;
    quint32 quotes = 0;
    quint16 lang = 0; ///< index into the model's language pool (0 = unknown)
    TweetType type = TweetType::Tweet;
    /// The text has non-ASCII letters that case folding changes ("É", "Ж"): the arena holds
    /// its case-folded copy after it, which the text filter searches instead.
    bool hasFoldedCopy = false;

    QByteArrayView textBytes() const { return QByteArrayView(text, textSize); }
    /// What the text filter searches: the text, or its case-folded copy (see TextMatcher).
    QByteArrayView searchBytes() const { return hasFoldedCopy ? TextArena::second(text, textSize) : textBytes(); }
};

static_assert(sizeof(TweetRow) == 64, "a million rows should stay 64 MB");

} // namespace ts::ui

Q_DECLARE_TYPEINFO(ts::ui::TweetRow, Q_PRIMITIVE_TYPE);
