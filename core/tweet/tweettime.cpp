// SPDX-License-Identifier: MIT
#include "tweettime.h"

#include <charconv>

namespace ts {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

bool digits(std::string_view s, size_t pos, size_t n, int &out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

std::optional<qint64> compose(int year, int month, int day, int h, int mi, int s, int ms, int offsetMinutes)
{
    if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    return ((days * 86400 + h * 3600 + mi * 60 + s) - qint64(offsetMinutes) * 60) * 1000 + ms;
}

int monthFromName(std::string_view m)
{
    static constexpr std::string_view names[]
        = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    for (int i = 0; i < 12; ++i) {
        if (m == names[i])
            return i + 1;
    }
    return 0;
}

// "2017-05-24T20:35:57.000Z", "2017-05-24T20:35:57Z", "2017-05-24T20:35:57+00:00", "... 20:35:57"
std::optional<qint64> parseIso(std::string_view s)
{
    int y, mo, d, h, mi, sec;
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d)
        || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi)
        || s[16] != ':' || !digits(s, 17, 2, sec))
        return std::nullopt;
    size_t pos = 19;
    int ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ms += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
    }
    int offset = 0;
    if (pos < s.size()) {
        const char c = s[pos];
        if (c == 'Z' || c == 'z') {
            ++pos;
        } else if (c == '+' || c == '-') {
            int oh = 0, om = 0;
            if (!digits(s, pos + 1, 2, oh))
                return std::nullopt;
            size_t p = pos + 3;
            if (p < s.size() && s[p] == ':')
                ++p;
            if (!digits(s, p, 2, om))
                return std::nullopt;
            offset = (oh * 60 + om) * (c == '-' ? -1 : 1);
            pos = p + 2;
        }
    }
    if (pos != s.size())
        return std::nullopt;
    return compose(y, mo, d, h, mi, sec, ms, offset);
}

// "Wed May 24 20:35:57 +0000 2017"
std::optional<qint64> parseTwitterV1(std::string_view s)
{
    if (s.size() != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' || s[25] != ' ')
        return std::nullopt;
    const int mo = monthFromName(s.substr(4, 3));
    int d, h, mi, sec, y, oh, om;
    if (!mo || !digits(s, 8, 2, d) || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':'
        || !digits(s, 17, 2, sec) || (s[20] != '+' && s[20] != '-') || !digits(s, 21, 2, oh) || !digits(s, 23, 2, om)
        || !digits(s, 26, 4, y))
        return std::nullopt;
    return compose(y, mo, d, h, mi, sec, 0, (oh * 60 + om) * (s[20] == '-' ? -1 : 1));
}

} // namespace

std::optional<qint64> parseTweetTimestamp(std::string_view text)
{
    if (text.size() >= 19 && text[4] == '-')
        return parseIso(text);
    if (text.size() == 30)
        return parseTwitterV1(text);
    return std::nullopt;
}

std::optional<qint64> snowflakeTimestamp(std::string_view id)
{
    quint64 v = 0;
    const auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
    if (ec != std::errc() || ptr != id.data() + id.size())
        return std::nullopt;
    // Ids below this are sequential pre-snowflake ids (before 2010-11-04) and hold no time.
    constexpr quint64 lastSequentialId = 29700859247ULL;
    if (v <= lastSequentialId)
        return std::nullopt;
    return qint64(v >> 22) + 1288834974657LL;
}

void appendIsoTimestamp(char *o, qint64 ms)
{
    qint64 days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    qint64 rem = ms - days * 86400000;
    // civil_from_days
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    qint64 y = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    const auto put = [](char *p, unsigned v, int n) {
        for (int i = n - 1; i >= 0; --i) {
            p[i] = char('0' + v % 10);
            v /= 10;
        }
    };
    put(o, unsigned(y), 4);
    o[4] = '-';
    put(o + 5, m, 2);
    o[7] = '-';
    put(o + 8, d, 2);
    o[10] = 'T';
    put(o + 11, unsigned(rem / 3600000), 2);
    o[13] = ':';
    put(o + 14, unsigned(rem / 60000 % 60), 2);
    o[16] = ':';
    put(o + 17, unsigned(rem / 1000 % 60), 2);
    o[19] = '.';
    put(o + 20, unsigned(rem % 1000), 3);
    o[23] = 'Z';
}

} // namespace ts
