// SPDX-License-Identifier: MIT
#include "utf16block.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace ts {

namespace {

constexpr char16_t replacement = 0xfffd;

// Writes utf8 with "&amp;", "&lt;" and "&gt;" decoded; out has room for utf8.size() units.
char16_t *tweetTextToUtf16(std::string_view utf8, char16_t *out)
{
    const char *from = utf8.data();
    const char *end = from + utf8.size();
    const char *amp = static_cast<const char *>(std::memchr(from, '&', utf8.size()));
    while (amp) {
        out = utf8ToUtf16(std::string_view(from, size_t(amp - from)), out);
        const std::string_view rest(amp, size_t(end - amp));
        if (rest.starts_with("&amp;")) {
            *out++ = u'&';
            from = amp + 5;
        } else if (rest.starts_with("&lt;")) {
            *out++ = u'<';
            from = amp + 4;
        } else if (rest.starts_with("&gt;")) {
            *out++ = u'>';
            from = amp + 4;
        } else {
            *out++ = u'&';
            from = amp + 1;
        }
        amp = static_cast<const char *>(std::memchr(from, '&', size_t(end - from)));
    }
    return utf8ToUtf16(std::string_view(from, size_t(end - from)), out);
}

// A string of its own, for what does not fit in a block.
template <typename Convert> QString ownString(std::string_view utf8, Convert convert)
{
    QString s(qsizetype(utf8.size()), Qt::Uninitialized);
    char16_t *begin = reinterpret_cast<char16_t *>(s.data());
    s.resize(convert(utf8, begin) - begin);
    return s;
}

} // namespace

char16_t *utf8ToUtf16(std::string_view utf8, char16_t *out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const auto *const end = p + utf8.size();
    while (p < end) {
#ifdef __SSE2__
        // ASCII, 16 bytes at a time: ids, urls, usernames, most text.
        while (end - p >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            if (_mm_movemask_epi8(bytes) != 0)
                break;
            const __m128i zero = _mm_setzero_si128();
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out), _mm_unpacklo_epi8(bytes, zero));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 8), _mm_unpackhi_epi8(bytes, zero));
            p += 16;
            out += 16;
        }
        if (p == end)
            break;
        if (utf8.size() >= 16 && end - p < 16) {
            // A tail of under 16 bytes: when the last 16 bytes are ASCII, the bytes from there
            // to p were too, one unit each, so the last 16 convert over what is already written.
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(end - 16));
            if (_mm_movemask_epi8(bytes) == 0) {
                char16_t *at = out - (p - (end - 16));
                const __m128i zero = _mm_setzero_si128();
                _mm_storeu_si128(reinterpret_cast<__m128i *>(at), _mm_unpacklo_epi8(bytes, zero));
                _mm_storeu_si128(reinterpret_cast<__m128i *>(at + 8), _mm_unpackhi_epi8(bytes, zero));
                return at + 16;
            }
        } else if (end - p >= 8) {
            const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p));
            if (_mm_movemask_epi8(bytes) == 0) {
                _mm_storeu_si128(reinterpret_cast<__m128i *>(out), _mm_unpacklo_epi8(bytes, _mm_setzero_si128()));
                p += 8;
                out += 8;
                continue;
            }
        }
#endif
        const unsigned lead = *p;
        if (lead < 0x80) {
            *out++ = char16_t(lead);
            ++p;
            continue;
        }
        // 2, 3 or 4 bytes. Overlong forms, surrogates, code points past U+10FFFF and cut
        // sequences are invalid: their first byte becomes U+FFFD and decoding goes on after it.
        int more;
        char32_t cp;
        if (lead >= 0xc2 && lead <= 0xdf) {
            more = 1;
            cp = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            more = 2;
            cp = lead & 0x0f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            more = 3;
            cp = lead & 0x07;
        } else {
            *out++ = replacement;
            ++p;
            continue;
        }
        bool valid = end - p > more;
        for (int i = 1; valid && i <= more; ++i) {
            const unsigned next = p[i];
            valid = (next & 0xc0) == 0x80;
            cp = (cp << 6) | (next & 0x3f);
        }
        if (valid) {
            if (more == 2)
                valid = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
            else if (more == 3)
                valid = cp >= 0x10000 && cp <= 0x10ffff;
        }
        if (!valid) {
            *out++ = replacement;
            ++p;
            continue;
        }
        p += more + 1;
        if (cp >= 0x10000) { // 4 bytes in, 2 units out
            cp -= 0x10000;
            *out++ = char16_t(0xd800 + (cp >> 10));
            *out++ = char16_t(0xdc00 + (cp & 0x3ff));
        } else {
            *out++ = char16_t(cp);
        }
    }
    return out;
}

Utf16Block::Utf16Block(qsizetype utf8Bytes, qsizetype count)
{
    const qsizetype units = utf8Bytes + count;
    if (units <= 0)
        return;
    m_block = QString::DataPointer(QTypedArrayData<char16_t>::allocate(units));
    m_next = m_block.data();
    m_end = m_next + units;
}

QString Utf16Block::slice(char16_t *begin, char16_t *end)
{
    *end = u'\0';
    m_next = end + 1;
    QString::DataPointer shared = m_block; // one more reference to the block
    shared.setBegin(begin);
    shared.size = end - begin;
    return QString(std::move(shared));
}

template <typename Convert> QString Utf16Block::add(std::string_view utf8, Convert convert)
{
    if (utf8.empty())
        return QString::fromUtf8(utf8.data(), 0); // null or empty, as the view
    if (qsizetype(utf8.size()) >= room())
        return ownString(utf8, convert);
    return slice(m_next, convert(utf8, m_next));
}

QString Utf16Block::add(std::string_view utf8)
{
    return add(utf8, utf8ToUtf16);
}

QString Utf16Block::addTweetText(std::string_view utf8)
{
    return add(utf8, tweetTextToUtf16);
}

} // namespace ts
