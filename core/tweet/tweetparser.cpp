// SPDX-License-Identifier: MIT
#include "tweetparser.h"

// Placeholder until the foundation issue's parser lands.
namespace ts {
struct TweetParser::Private
{
};
TweetParser::TweetParser()
    : d(std::make_unique<Private>())
{
}
TweetParser::~TweetParser() = default;
ParseResult TweetParser::parse(QByteArrayView)
{
    return {std::nullopt, QStringLiteral("parser not built yet")};
}
} // namespace ts
