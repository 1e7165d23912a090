// SPDX-License-Identifier: MIT
#include "corpusgenerator.h"

#include "chunkpipe.h"
#include "rowbatch.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>
#include <vector>

namespace ts::archive {

namespace {

constexpr qint64 kTwepoch = 1288834974657LL;

/// xoshiro256** seeded by splitmix64: fast, and identical on every platform (std::
/// distributions are not), which is what "same seed, same archive" needs.
class Rng
{
public:
    explicit Rng(quint64 seed)
    {
        for (auto &s : m_s) {
            seed += 0x9e3779b97f4a7c15ULL;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            s = z ^ (z >> 31);
        }
    }
    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    int below(int n) { return int(uniform() * n); }
    bool chance(double p) { return uniform() < p; }
    double normal()
    {
        const double u1 = std::max(uniform(), 1e-300);
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
    }
    template <typename T> const T &pick(const QList<T> &l) { return l.at(below(int(l.size()))); }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<quint64, 4> m_s {};
};

/// Picks an index with the given relative weights.
class Weighted
{
public:
    Weighted() = default;
    explicit Weighted(const std::vector<double> &weights)
    {
        double sum = 0;
        for (double w : weights)
            m_cdf.push_back(sum += w);
        for (double &c : m_cdf)
            c /= sum;
    }
    int pick(Rng &rng) const
    {
        const double u = rng.uniform();
        return int(std::upper_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin()) % int(m_cdf.size());
    }

private:
    std::vector<double> m_cdf;
};

QStringList utf8List(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *s : items)
        out.append(QString::fromUtf8(s));
    return out;
}

enum Lang { En, Es, Ja, Ar, Fr, De, Ko, Pt, LangCount };
const char *const kLangCodes[LangCount] = { "en", "es", "ja", "ar", "fr", "de", "ko", "pt" };
const double kLangWeights[LangCount] = { 52, 11, 10, 5, 6, 5, 5, 6 };

struct Topic
{
    const char *name;
    double weight;
    QStringList phrases[LangCount]; // empty: falls back to English
    QStringList hashtags;
    QStringList cashtags;
    QStringList emoji;
};

struct City
{
    const char *name;
    const char *country;
    double lat, lon;
};

const City kCities[] = {
    { "Manhattan, NY", "US", 40.7128, -74.0060 },
    { "San Francisco, CA", "US", 37.7749, -122.4194 },
    { "London, England", "GB", 51.5072, -0.1276 },
    { "Madrid, Spain", "ES", 40.4168, -3.7038 },
    { "Mexico City, Mexico", "MX", 19.4326, -99.1332 },
    { "Tokyo, Japan", "JP", 35.6762, 139.6503 },
    { "Cairo, Egypt", "EG", 30.0444, 31.2357 },
    { "Dubai, United Arab Emirates", "AE", 25.2048, 55.2708 },
    { "Paris, France", "FR", 48.8566, 2.3522 },
    { "Berlin, Germany", "DE", 52.5200, 13.4050 },
    { "Seoul, Republic of Korea", "KR", 37.5665, 126.9780 },
    { "São Paulo, Brazil", "BR", -23.5505, -46.6333 },
};
// Home cities per language (indexes into kCities).
const std::vector<int> kLangCities[LangCount]
    = { { 0, 1, 2 }, { 3, 4 }, { 5 }, { 6, 7 }, { 8 }, { 9 }, { 10 }, { 11 } };

struct Corpus
{
    std::vector<Topic> topics;
    Weighted topicPick;
    Weighted langPick;
    QStringList fillers[LangCount];
    QStringList openers, closers, emoji, sources, domains, paths, firstNames, lastNames, syllables;
    Weighted sourcePick;

    Corpus()
    {
        auto topic = [&](const char *name, double weight) -> Topic & {
            topics.push_back(Topic { name, weight, {}, {}, {}, {} });
            return topics.back();
        };
        {
            Topic &t = topic("ai", 11);
            t.phrases[En] = utf8List({ "new ai model just dropped", "ai is changing how we write code",
                "not sure how I feel about ai art", "the ai hype cycle is exhausting",
                "trained a small ai model on my own notes", "ai safety matters more than ever",
                "asked an ai to plan my week and it did better than me", "every startup is an ai startup now" });
            t.phrases[Es] = utf8List({ "la inteligencia artificial avanza rapidísimo", "probé una nueva ai hoy" });
            t.phrases[Ja] = utf8List({ "AIの進化がすごい", "生成AIで絵を描いてみた" });
            t.phrases[Ar] = utf8List({ "الذكاء الاصطناعي يغير العالم" });
            t.phrases[Fr] = utf8List({ "l'IA change tout dans mon métier", "encore un modèle d'IA ce matin" });
            t.phrases[De] = utf8List({ "KI verändert alles", "die neue KI ist beeindruckend" });
            t.phrases[Ko] = utf8List({ "AI 기술이 정말 빨리 발전한다" });
            t.phrases[Pt] = utf8List({ "a inteligência artificial está em todo lugar" });
            t.hashtags = utf8List({ "AI", "MachineLearning", "ArtificialIntelligence", "GenAI" });
            t.cashtags = utf8List({ "NVDA", "MSFT", "GOOGL" });
            t.emoji = utf8List({ "🤖", "🧠", "✨" });
        }
        {
            Topic &t = topic("cats", 9);
            t.phrases[En] = utf8List({ "my cats knocked everything off the table again",
                "cats are just tiny roommates who don't pay rent", "adopted two cats today",
                "the cats are asleep in the sun", "why do cats love boxes so much", "my cat judged me all morning" });
            t.phrases[Es] = utf8List({ "mis gatos duermen todo el día", "el gato tiró mi café" });
            t.phrases[Ja] = utf8List({ "猫がかわいすぎる", "うちの猫が寝てる" });
            t.phrases[Ar] = utf8List({ "قطتي نائمة طوال اليوم" });
            t.phrases[Fr] = utf8List({ "mes chats dorment au soleil" });
            t.phrases[De] = utf8List({ "meine Katzen schlafen den ganzen Tag" });
            t.phrases[Ko] = utf8List({ "고양이가 너무 귀여워" });
            t.phrases[Pt] = utf8List({ "meus gatos são muito fofos" });
            t.hashtags = utf8List({ "cats", "CatsOfTwitter", "caturday" });
            t.emoji = utf8List({ "🐱", "😻", "🐈" });
        }
        {
            Topic &t = topic("memes", 8);
            t.phrases[En] = utf8List({ "this meme is too accurate", "memes are the only news I read",
                "sending memes instead of replying to emails", "the memes this week are unreal", "dank memes at 3am",
                "explaining memes to my parents" });
            t.phrases[Es] = utf8List({ "los memes de hoy son buenísimos" });
            t.phrases[Ja] = utf8List({ "このミーム面白すぎる" });
            t.phrases[Fr] = utf8List({ "ces mèmes sont trop drôles" });
            t.phrases[De] = utf8List({ "diese Memes sind großartig" });
            t.phrases[Ko] = utf8List({ "이 밈 너무 웃겨" });
            t.phrases[Pt] = utf8List({ "esses memes são demais" });
            t.hashtags = utf8List({ "memes", "meme", "funny" });
            t.emoji = utf8List({ "😂", "💀", "🤣" });
        }
        {
            Topic &t = topic("eclipse", 4);
            t.phrases[En] = utf8List(
                { "watching the eclipse from the roof", "eclipse glasses ready", "the solar eclipse was breathtaking",
                    "clouds ruined the eclipse for us", "eclipse totality gave me chills" });
            t.phrases[Es] = utf8List({ "el eclipse fue increíble" });
            t.phrases[Ja] = utf8List({ "日食を見た" });
            t.phrases[Ar] = utf8List({ "الكسوف كان رائعا" });
            t.phrases[Fr] = utf8List({ "l'éclipse était magnifique" });
            t.phrases[De] = utf8List({ "die Sonnenfinsternis war unglaublich" });
            t.phrases[Ko] = utf8List({ "일식을 봤어요" });
            t.phrases[Pt] = utf8List({ "o eclipse foi lindo" });
            t.hashtags = utf8List({ "eclipse", "SolarEclipse", "Eclipse2026" });
            t.emoji = utf8List({ "🌑", "☀️", "🌘" });
        }
        {
            Topic &t = topic("nuclear", 3);
            t.phrases[En] = utf8List({ "nuclear power is the cleanest energy we have",
                "reading about nuclear fusion breakthroughs", "the nuclear plant debate again",
                "is nuclear waste storage a solved problem", "new nuclear reactor design looks promising" });
            t.phrases[Es] = utf8List({ "la energía nuclear es el futuro" });
            t.phrases[Ja] = utf8List({ "原子力発電について考える" });
            t.phrases[Ar] = utf8List({ "الطاقة النووية" });
            t.phrases[Fr] = utf8List({ "le nucléaire reste un débat" });
            t.phrases[De] = utf8List({ "Atomkraft ist wieder ein Thema" });
            t.phrases[Ko] = utf8List({ "원자력 발전 논쟁" });
            t.phrases[Pt] = utf8List({ "energia nuclear é o futuro" });
            t.hashtags = utf8List({ "nuclear", "NuclearEnergy", "fusion" });
            t.cashtags = utf8List({ "CCJ" });
            t.emoji = utf8List({ "☢️", "⚛️" });
        }
        {
            Topic &t = topic("korea", 4);
            t.phrases[En] = utf8List({ "planning a trip to korea next spring", "korea has the best street food",
                "learning korean before visiting korea", "south korea's tech scene is impressive",
                "korea trip photos coming soon" });
            t.phrases[Es] = utf8List({ "quiero viajar a corea" });
            t.phrases[Ja] = utf8List({ "韓国旅行に行きたい" });
            t.phrases[Fr] = utf8List({ "voyage en Corée cet été" });
            t.phrases[De] = utf8List({ "Reise nach Korea geplant" });
            t.phrases[Ko] = utf8List({ "한국 여행 추천", "서울 맛집 투어" });
            t.phrases[Pt] = utf8List({ "quero visitar a coreia" });
            t.hashtags = utf8List({ "korea", "Seoul", "한국" });
            t.emoji = utf8List({ "🇰🇷", "🍜" });
        }
        {
            Topic &t = topic("house", 2);
            t.phrases[En] = utf8List({ "just bought a house", "we just bought a house!!",
                "just bought a house and now I own a lawnmower", "finally just bought a house after years of saving" });
            t.phrases[Es] = utf8List({ "acabamos de comprar una casa" });
            t.phrases[Ja] = utf8List({ "家を買いました" });
            t.phrases[Fr] = utf8List({ "on vient d'acheter une maison" });
            t.phrases[De] = utf8List({ "wir haben gerade ein Haus gekauft" });
            t.phrases[Ko] = utf8List({ "드디어 집을 샀다" });
            t.phrases[Pt] = utf8List({ "acabamos de comprar uma casa" });
            t.hashtags = utf8List({ "JustBoughtAHouse", "homeowner", "realestate" });
            t.emoji = utf8List({ "🏠", "🔑", "🎉" });
        }
        {
            Topic &t = topic("coffee", 6);
            t.phrases[En] = utf8List(
                { "third coffee of the day", "coffee first, questions later", "trying a new coffee place downtown" });
            t.hashtags = utf8List({ "coffee" });
            t.emoji = utf8List({ "☕" });
        }
        {
            Topic &t = topic("football", 8);
            t.phrases[En] = utf8List({ "what a goal in the last minute", "the referee had a shocker tonight",
                "transfer rumours are getting wild", "that match was pure chaos" });
            t.phrases[Es] = utf8List({ "vamos al partido esta noche", "qué golazo" });
            t.phrases[Pt] = utf8List({ "futebol hoje à noite", "que golaço" });
            t.phrases[De] = utf8List({ "Fußball heute Abend" });
            t.hashtags = utf8List({ "football", "UCL" });
            t.emoji = utf8List({ "⚽", "🔥" });
        }
        {
            Topic &t = topic("music", 7);
            t.phrases[En] = utf8List(
                { "this album has been on repeat all week", "concert tickets secured", "new single is a banger" });
            t.hashtags = utf8List({ "NowPlaying", "music" });
            t.emoji = utf8List({ "🎶", "🎧" });
        }
        {
            Topic &t = topic("weather", 6);
            t.phrases[En] = utf8List(
                { "it has not stopped raining all day", "finally some sunshine", "the storm knocked out our power" });
            t.phrases[Ja] = utf8List({ "今日は暑いですね" });
            t.phrases[Fr] = utf8List({ "il pleut encore à Paris" });
            t.hashtags = utf8List({ "weather" });
            t.emoji = utf8List({ "🌧️", "☀️" });
        }
        {
            Topic &t = topic("work", 8);
            t.phrases[En] = utf8List({ "another meeting that could have been an email", "shipped the release today",
                "debugging a flaky test for three hours", "friday deploys are a lifestyle" });
            t.phrases[De] = utf8List({ "Feierabend!" });
            t.phrases[Ja] = utf8List({ "仕事終わった" });
            t.hashtags = utf8List({ "devlife", "programming" });
            t.emoji = utf8List({ "💻", "😩" });
        }
        {
            Topic &t = topic("crypto", 4);
            t.phrases[En]
                = utf8List({ "crypto markets are wild today", "bitcoin just moved again", "not financial advice but" });
            t.hashtags = utf8List({ "crypto", "bitcoin" });
            t.cashtags = utf8List({ "BTC", "ETH" });
            t.emoji = utf8List({ "📈", "📉" });
        }
        {
            Topic &t = topic("travel", 5);
            t.phrases[En] = utf8List(
                { "airport delays again", "booked a last minute trip", "the view from this hotel is unreal" });
            t.phrases[Es] = utf8List({ "de viaje por fin" });
            t.hashtags = utf8List({ "travel" });
            t.emoji = utf8List({ "✈️", "🌍" });
        }
        {
            Topic &t = topic("food", 5);
            t.phrases[En] = utf8List(
                { "made pasta from scratch tonight", "this ramen place is incredible", "pizza for dinner again" });
            t.phrases[Ja] = utf8List({ "ラーメン食べたい" });
            t.phrases[Ar] = utf8List({ "عشاء لذيذ الليلة" });
            t.hashtags = utf8List({ "foodie" });
            t.emoji = utf8List({ "🍕", "🍜" });
        }
        std::vector<double> tw;
        for (const Topic &t : topics)
            tw.push_back(t.weight);
        topicPick = Weighted(tw);
        langPick = Weighted(std::vector<double>(std::begin(kLangWeights), std::end(kLangWeights)));

        fillers[En] = utf8List({ "honestly", "lol", "can't believe it", "so true", "thoughts?", "anyway", "what a day",
            "no way", "big if true", "love this", "today", "again" });
        fillers[Es] = utf8List({ "buenos días a todos", "qué calor hace hoy", "increíble", "jajaja", "hoy" });
        fillers[Ja] = utf8List({ "おはようございます", "最高", "まじで", "今日" });
        fillers[Ar] = utf8List({ "صباح الخير", "الجو حار اليوم", "رائع" });
        fillers[Fr] = utf8List({ "bonjour tout le monde", "trop bien", "franchement", "aujourd'hui" });
        fillers[De] = utf8List({ "guten Morgen", "echt jetzt", "heute", "krass" });
        fillers[Ko] = utf8List({ "좋은 아침", "오늘 날씨 좋다", "대박", "진짜" });
        fillers[Pt] = utf8List({ "bom dia", "que calor", "demais", "hoje" });
        emoji = utf8List({ "😂", "🔥", "❤️", "😭", "✨", "🙏", "👀", "💯", "🎉", "😅" });
        sources = utf8List({ "Twitter for iPhone", "Twitter for Android", "Twitter Web App", "TweetDeck", "Buffer",
            "Twitter for iPad" });
        sourcePick = Weighted({ 38, 30, 24, 3, 2, 3 });
        domains = utf8List({ "https://www.bbc.co.uk/news/", "https://www.reuters.com/world/", "https://github.com/",
            "https://www.youtube.com/watch?v=", "https://www.nasa.gov/", "https://arxiv.org/abs/",
            "https://medium.com/@", "https://www.theverge.com/", "https://example.com/" });
        firstNames = utf8List({ "Alex", "Sam", "Maria", "Yuki", "Omar", "Chloé", "Lukas", "Min-jun", "Ana", "John",
            "Priya", "Lucía", "Hiro", "Fatima", "Léa", "Jonas", "Ji-woo", "Pedro", "Emma", "Noah", "Sofia", "Kenji",
            "Layla", "Hugo" });
        lastNames = utf8List({ "Smith", "García", "Tanaka", "Haddad", "Martin", "Müller", "Kim", "Silva", "Jones",
            "Brown", "Sato", "Rossi", "Nguyen", "Park", "Dubois", "Schmidt", "Santos", "Lee" });
        syllables = utf8List({ "ka", "zu", "mi", "ro", "an", "te", "lo", "vi", "ne", "sa", "jo", "ri", "po", "ly", "da",
            "xe", "qu", "fi", "mo", "be" });
    }
};

const Corpus &corpus()
{
    static const Corpus c;
    return c;
}

struct Author
{
    QString id;
    QString username;
    QString name;
    qint64 followers = 0;
    bool verified = false;
    Lang lang = En;
    int city = -1; ///< home city, for geo-tagged tweets; -1 never tags
};

struct Recent
{
    QString id;
    int author = 0;
    QString text;
    QString conversationId;
    QStringList hashtags;
    QStringList mentions;
    Lang lang = En;
    int topic = 0;
};

QString hexId(Rng &rng, int length)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    QString s;
    s.reserve(length);
    for (int i = 0; i < length; ++i)
        s.append(QLatin1Char(digits[rng.below(62)]));
    return s;
}

} // namespace

qint64 CorpusGenerator::defaultEndMs()
{
    return QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

CorpusGenerator::Result CorpusGenerator::generate(ArchiveStore &store, const Options &options, const Progress &progress)
{
    Result result;
    const Corpus &c = corpus();
    Rng rng(options.seed * 0x2545F4914F6CDD1DULL + 12345);
    const qint64 total = std::max<qint64>(0, options.tweets);
    const int days = std::max(1, options.days);

    // Authors: thousands, activity Zipf-like (weight 1/rank^1.1), followers log-normal.
    const int authorCount = int(std::clamp<qint64>(total / 60, 500, 50000));
    std::vector<Author> authors(authorCount);
    std::vector<double> activity(authorCount);
    for (int i = 0; i < authorCount; ++i) {
        Author &a = authors[i];
        a.id = QString::number(1000000000LL + qint64(i) * 7919 + rng.below(7919));
        QString user = rng.pick(c.syllables) + rng.pick(c.syllables) + rng.pick(c.syllables);
        if (rng.chance(0.6))
            user += QString::number(rng.below(1000));
        else
            user += u'_' + rng.pick(c.syllables);
        user[0] = user[0].toUpper();
        a.username = user + QString::number(i, 36); // unique
        a.name = rng.pick(c.firstNames) + u' ' + rng.pick(c.lastNames);
        // Popular accounts are the active ones, mostly.
        const double rankBoost = std::log(double(authorCount) / (i + 1));
        a.followers = qint64(std::exp(4.0 + 0.8 * rankBoost + 1.6 * rng.normal()));
        a.verified = a.followers > 100000 ? rng.chance(0.6) : rng.chance(0.005);
        a.lang = Lang(c.langPick.pick(rng));
        if (rng.chance(0.25)) {
            const auto &cities = kLangCities[a.lang];
            a.city = cities[rng.below(int(cities.size()))];
        }
        activity[i] = 1.0 / std::pow(i + 1.0, 1.1);
    }
    const Weighted authorPick(activity);

    // Timestamps: a daily rhythm (quiet at night UTC, busiest late afternoon), slight growth over
    // the window, and an eclipse day on which eclipse tweets spike.
    std::vector<double> hourWeights(24);
    for (int h = 0; h < 24; ++h)
        hourWeights[h] = 1.0 + 0.8 * std::sin((h - 10) * M_PI / 12.0) + (h >= 12 && h <= 20 ? 0.4 : 0);
    const Weighted hourPick(hourWeights);
    std::vector<double> dayWeights(days);
    for (int d = 0; d < days; ++d)
        dayWeights[d] = 1.0 + 0.3 * d / days;
    const Weighted dayPick(dayWeights);
    const qint64 endMs = options.endMs;
    const qint64 startMs = endMs - qint64(days) * 86400000LL;
    const qint64 firstDay = startMs - (startMs % 86400000LL);
    std::vector<qint64> times(total);
    for (qint64 i = 0; i < total; ++i) {
        qint64 t;
        do {
            const int day = dayPick.pick(rng);
            t = firstDay + day * 86400000LL + hourPick.pick(rng) * 3600000LL + qint64(rng.uniform() * 3600000.0);
        } while (t < startMs || t >= endMs);
        times[i] = t;
    }
    std::sort(times.begin(), times.end());
    const int eclipseDay = days > 2 ? days / 2 : 0;
    const qint64 eclipseStart = firstDay + eclipseDay * 86400000LL;
    int eclipseTopic = 0;
    for (size_t k = 0; k < c.topics.size(); ++k) {
        if (qstrcmp(c.topics[k].name, "eclipse") == 0)
            eclipseTopic = int(k);
    }

    if (auto e = store.beginBulkLoad()) {
        result.error = e;
        return result;
    }
    // The tweets are made and turned into rows on a worker thread while this one writes.
    struct Chunk
    {
        RowBatch rows;
        qint64 done = 0;
    };
    ChunkPipe<Chunk> pipe;
    auto produce = [&] {
        RowBuilder builder;
        std::vector<Recent> recent(4096);
        qint64 recentCount = 0;
        QList<Tweet> batch;
        const int batchSize = std::max(1, options.batchSize);
        batch.reserve(batchSize);

        for (qint64 i = 0; i < total; ++i) {
            Tweet t;
            t.createdAtMs = times[i];
            // Snowflake ids, increasing with time like the real ones.
            t.id = QString::number(((t.createdAtMs - kTwepoch) << 22) | (i & 0x3fffff));
            const int ai = authorPick.pick(rng);
            const Author &a = authors[ai];
            t.authorId = a.id;
            t.authorUsername = a.username;
            t.authorName = a.name;
            t.authorFollowers = a.followers;
            t.authorVerified = a.verified;
            t.source = c.sources.at(c.sourcePick.pick(rng));
            t.conversationId = t.id;

            const double kind = rng.uniform();
            const bool haveRecent = recentCount > 0;
            const Recent *target = haveRecent ? &recent[rng.below(int(std::min<qint64>(recentCount, 4096)))] : nullptr;
            if (target && kind < 0.20) {
                // Retweet: the original's text behind "RT @user: ", its entities, no own counts.
                const Author &ta = authors[target->author];
                t.type = TweetType::Retweet;
                t.text = QStringLiteral("RT @") + ta.username + QStringLiteral(": ") + target->text;
                t.allText = target->text;
                t.retweetedId = target->id;
                t.retweetedAuthorId = ta.id;
                t.retweetedText = target->text;
                t.mentions = QStringList { ta.username } + target->mentions;
                t.hashtags = target->hashtags;
                t.lang = QString::fromLatin1(kLangCodes[target->lang]);
                t.retweetCount = 0;
                batch.append(std::move(t));
            } else {
                int topicIndex = c.topicPick.pick(rng);
                Lang lang = a.lang;
                if (t.createdAtMs >= eclipseStart && t.createdAtMs < eclipseStart + 86400000LL && rng.chance(0.25))
                    topicIndex = eclipseTopic;
                bool reply = false, quote = false;
                if (target && kind < 0.35) {
                    reply = true;
                    topicIndex = target->topic;
                    lang = target->lang;
                } else if (target && kind < 0.40) {
                    quote = true;
                }
                const Topic &topic = c.topics[topicIndex];
                const QStringList &phrases = topic.phrases[lang].isEmpty() ? topic.phrases[En] : topic.phrases[lang];
                if (topic.phrases[lang].isEmpty())
                    lang = En;
                QString text;
                if (reply) {
                    const Author &ta = authors[target->author];
                    const bool thread = rng.chance(0.3);
                    if (thread) {
                        // The author continues their own thread.
                        t.authorId = ta.id;
                        t.authorUsername = ta.username;
                        t.authorName = ta.name;
                        t.authorFollowers = ta.followers;
                        t.authorVerified = ta.verified;
                    } else {
                        text = u'@' + ta.username + u' ';
                        t.mentions.append(ta.username);
                    }
                    t.type = TweetType::Reply;
                    t.inReplyToStatusId = target->id;
                    t.inReplyToUserId = ta.id;
                    t.conversationId = target->conversationId;
                }
                if (rng.chance(0.3) && !c.fillers[lang].isEmpty())
                    text += rng.pick(c.fillers[lang]) + u' ';
                text += rng.pick(phrases);
                if (rng.chance(0.25))
                    text += u' ' + rng.pick(phrases.size() > 1 ? phrases : c.fillers[lang]);
                if (rng.chance(0.35))
                    text += u' ' + rng.pick(rng.chance(0.6) ? topic.emoji : c.emoji);
                if (rng.chance(0.12)) {
                    const Author &m = authors[authorPick.pick(rng)];
                    text += QStringLiteral(" cc @") + m.username;
                    t.mentions.append(m.username);
                }
                if (rng.chance(0.3) && !topic.hashtags.isEmpty()) {
                    const int n = 1 + (rng.chance(0.3) ? 1 : 0);
                    for (int h = 0; h < n; ++h) {
                        const QString tag = rng.pick(topic.hashtags);
                        if (!t.hashtags.contains(tag)) {
                            t.hashtags.append(tag);
                            text += QStringLiteral(" #") + tag;
                        }
                    }
                }
                if (!topic.cashtags.isEmpty() && rng.chance(0.15)) {
                    const QString tag = rng.pick(topic.cashtags);
                    t.cashtags.append(tag);
                    text += QStringLiteral(" $") + tag;
                }
                if (quote) {
                    const Author &ta = authors[target->author];
                    t.type = TweetType::Quote;
                    t.quotedId = target->id;
                    t.quotedText = target->text;
                    t.urls.append(
                        QStringLiteral("https://twitter.com/") + ta.username + QStringLiteral("/status/") + target->id);
                } else if (rng.chance(0.18)) {
                    QString url = rng.pick(c.domains) + hexId(rng, 10);
                    t.urls.append(url);
                    text += QStringLiteral(" https://t.co/") + hexId(rng, 10);
                }
                if (rng.chance(0.1)) {
                    if (rng.chance(0.75))
                        t.mediaUrls.append(
                            QStringLiteral("https://pbs.twimg.com/media/") + hexId(rng, 15) + QStringLiteral(".jpg"));
                    else
                        t.mediaUrls.append(QStringLiteral("https://video.twimg.com/ext_tw_video/") + t.id
                            + QStringLiteral("/pu/vid/1280x720/") + hexId(rng, 16) + QStringLiteral(".mp4"));
                    text += QStringLiteral(" https://t.co/") + hexId(rng, 10);
                }
                if (a.city >= 0 && rng.chance(0.2)) {
                    const City &city = kCities[a.city];
                    t.placeFullName = QString::fromUtf8(city.name);
                    t.placeCountryCode = QString::fromLatin1(city.country);
                    if (rng.chance(0.5))
                        t.coordinates = Coordinates { city.lat + (rng.uniform() - 0.5) * 0.1,
                            city.lon + (rng.uniform() - 0.5) * 0.1 };
                }
                t.text = text;
                if (quote)
                    t.allText = text + u'\n' + target->text;
                else
                    t.allText = text;
                t.lang = QString::fromLatin1(kLangCodes[lang]);
                // Heavy-tailed engagement that grows with the audience.
                const double mu = std::log1p(double(t.authorFollowers)) * 0.55 - 1.5;
                t.likeCount = qint64(std::max(0.0, std::exp(mu + 1.3 * rng.normal()) - 1));
                t.retweetCount = qint64(double(t.likeCount) * 0.25 * rng.uniform());
                t.replyCount = qint64(double(t.likeCount) * 0.08 * rng.uniform());
                t.quoteCount = qint64(double(t.likeCount) * 0.03 * rng.uniform());

                Recent &r = recent[recentCount % 4096];
                r.id = t.id;
                r.author = t.authorId == a.id ? ai : target->author;
                r.text = t.text;
                r.conversationId = t.conversationId;
                r.hashtags = t.hashtags;
                r.mentions = t.mentions;
                r.lang = lang;
                r.topic = topicIndex;
                ++recentCount;
                batch.append(std::move(t));
            }

            if (batch.size() >= batchSize || i + 1 == total) {
                std::unique_ptr<Chunk> chunk = pipe.take();
                builder.append(batch, chunk->rows);
                batch.clear();
                chunk->done = i + 1;
                if (!pipe.push(std::move(chunk)))
                    return;
            }
        }
    };
    std::thread producer([&] {
        produce();
        pipe.close();
    });
    while (std::unique_ptr<Chunk> chunk = pipe.pop()) {
        auto r = store.insertRows(chunk->rows);
        if (auto *e = std::get_if<StoreError>(&r)) {
            result.error = *e;
            break;
        }
        result.inserted += std::get<InsertStats>(r).inserted;
        if (progress && !progress(chunk->done, total)) {
            result.cancelled = chunk->done < total;
            break;
        }
        chunk->rows.clear();
        pipe.recycle(std::move(chunk));
    }
    pipe.stop();
    producer.join();
    if (result.error || result.cancelled) {
        store.endBulkLoad(false);
        return result;
    }
    // After 10k+ tweets the full-text index is merged into one segment.
    result.error = store.endBulkLoad(result.inserted >= 10000);
    return result;
}

} // namespace ts::archive
