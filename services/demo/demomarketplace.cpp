#include "demo/demomarketplace.h"
#include "ai/offlineembedder.h"

#include <QSet>

namespace {
QString timezoneFor(const QString &region)
{
    static const QHash<QString, QString> zones {
        { QStringLiteral("na-east"), QStringLiteral("America/New_York") },
        { QStringLiteral("na-west"), QStringLiteral("America/Los_Angeles") },
        { QStringLiteral("eu-west"), QStringLiteral("Europe/Dublin") },
        { QStringLiteral("eu-central"), QStringLiteral("Europe/Berlin") },
        { QStringLiteral("asia-east"), QStringLiteral("Asia/Tokyo") },
        { QStringLiteral("asia-south"), QStringLiteral("Asia/Kolkata") },
        { QStringLiteral("oceania"), QStringLiteral("Australia/Sydney") },
    };
    return zones.value(region);
}

QString fillSkills(QString pattern, const QStringList &skills, Random &random)
{
    pattern.replace(QLatin1String("{skill2}"), skills.value(1, skills.value(0)));
    pattern.replace(QLatin1String("{skill}"), skills.value(0));
    pattern.replace(QLatin1String("{weeks}"), QString::number(random.between(2, 16)));
    pattern.replace(QLatin1String("{years}"), QString::number(random.between(2, 20)));
    return pattern;
}

QStringList pickSkills(const DemoCategory &category, int count, Random &random)
{
    QStringList skills;
    while (skills.size() < count) {
        const QString &skill = random.pick(category.skills);
        if (!skills.contains(skill))
            skills << skill;
    }
    return skills;
}
} // namespace

QStringList DemoMarketplace::ageBands()
{
    return { QStringLiteral("18-29"), QStringLiteral("30-44"), QStringLiteral("45-59"), QStringLiteral("60+") };
}

double DemoMarketplace::combinedScore(
    double skill, double experience, double successRate, double region, double semantic)
{
    return 0.35 * skill + 0.15 * experience + 0.15 * successRate + 0.10 * region + 0.25 * semantic;
}

DemoMarketplace::Data DemoMarketplace::generate(const DemoVocabulary &vocabulary, std::uint64_t seed,
    int freelancerCount, int jobCount, const QDateTime &now, const std::function<void(int, int)> &step)
{
    // The matches at the end cost about as much as the embeddings of all jobs and freelancers.
    const int total = 2 * (freelancerCount + jobCount);
    const auto made = [&](int done) {
        if (step && done % 100 == 0)
            step(done, total);
    };
    Random random(seed);
    Data data;
    const QStringList regions = Regions::all();
    const QStringList bands = ageBands();
    const QStringList genders { QStringLiteral("woman"), QStringLiteral("man"), QStringLiteral("non-binary"),
        QStringLiteral("undisclosed") };
    QSet<QString> emails;
    auto makeUser = [&](const QString &role) {
        User u;
        u.id = random.uuid();
        const QString first = random.pick(vocabulary.firstNames);
        const QString last = random.pick(vocabulary.lastNames);
        u.fullName = first + QLatin1Char(' ') + last;
        QString email = (first + QLatin1Char('.') + last).toLower().remove(QLatin1Char(' '));
        QString candidate = email + QLatin1String("@example.org");
        for (int n = 2; emails.contains(candidate); ++n)
            candidate = email + QString::number(n) + QLatin1String("@example.org");
        emails.insert(candidate);
        u.email = candidate;
        u.role = role;
        u.createdAt = now.addDays(-random.between(30, 900));
        u.shardRegion = random.pick(regions);
        data.users << u;
        return u;
    };

    for (int i = 0; i < 3; ++i)
        makeUser(QStringLiteral("admin"));
    QList<User> clients;
    for (int i = 0; i < std::max(20, jobCount / 3); ++i)
        clients << makeUser(QStringLiteral("user_client"));

    QList<int> profileCategory;
    for (int i = 0; i < freelancerCount; ++i) {
        const User u = makeUser(QStringLiteral("user_freelancer"));
        const int c = random.index(vocabulary.categories.size());
        const DemoCategory &category = vocabulary.categories[c];
        FreelancerProfile p;
        p.userId = u.id;
        p.skills = pickSkills(category, random.between(3, 6), random);
        if (random.chance(0.2))
            p.skills << random.pick(vocabulary.categories[random.index(vocabulary.categories.size())].skills);
        p.title = fillSkills(random.pick(category.freelancerTitles), p.skills, random);
        p.bio = fillSkills(random.pick(vocabulary.bioTemplates), p.skills, random);
        p.experienceYears = random.between(0, 25);
        p.hourlyRate = std::round(std::exp(random.normal(3.6 + 0.03 * p.experienceYears, 0.35)));
        p.successRate = std::round(clamp01(random.normal(0.86, 0.08)) * 1000.0) / 1000.0;
        p.location = u.shardRegion;
        p.timezone = timezoneFor(u.shardRegion);
        data.profiles << p;
        profileCategory << c;
        data.attributes << AuditAttribute { u.id, QStringLiteral("age_band"), random.pick(bands) };
        data.attributes << AuditAttribute { u.id, QStringLiteral("gender"), random.pick(genders) };
        const QString text = p.title + QLatin1Char(' ') + p.bio + QLatin1Char(' ') + p.skills.join(QLatin1Char(' '));
        data.embeddings << EntityEmbedding { QStringLiteral("user"), u.id, OfflineEmbedder::embedOne(text),
            OfflineEmbedder::model(), u.createdAt };
        made(i + 1);
    }

    const QStringList statuses { QStringLiteral("open"), QStringLiteral("in_progress"), QStringLiteral("completed"),
        QStringLiteral("cancelled"), QStringLiteral("draft"), QStringLiteral("dispute") };
    for (int i = 0; i < jobCount; ++i) {
        const DemoCategory &category = vocabulary.categories[random.index(vocabulary.categories.size())];
        Job j;
        j.id = random.uuid();
        j.requiredSkills = pickSkills(category, random.between(2, 4), random);
        j.title = fillSkills(random.pick(category.jobTitles), j.requiredSkills, random);
        j.description = fillSkills(random.pick(category.jobDescriptions), j.requiredSkills, random);
        j.budget = std::round(random.uniform(300.0, 20000.0) / 50.0) * 50.0;
        j.category = category.id;
        const double r = random.uniform();
        j.status = r < 0.72 ? statuses[0]
            : r < 0.84      ? statuses[1]
            : r < 0.93      ? statuses[2]
                            : statuses[3 + random.index(3)];
        j.clientId = random.pick(clients).id;
        // From the budget, without a draw of its own, so every other generated value stays as it was.
        j.experienceLevel = j.budget < 3000.0 ? QStringLiteral("entry")
            : j.budget < 10000.0              ? QStringLiteral("intermediate")
                                              : QStringLiteral("expert");
        j.region = random.pick(regions);
        j.createdAt = now.addDays(-random.between(0, 120)).addSecs(-random.between(0, 86399));
        data.jobs << j;
        const QString text
            = j.title + QLatin1Char(' ') + j.description + QLatin1Char(' ') + j.requiredSkills.join(QLatin1Char(' '));
        data.embeddings << EntityEmbedding { QStringLiteral("job"), j.id, OfflineEmbedder::embedOne(text),
            OfflineEmbedder::model(), j.createdAt };
        made(freelancerCount + i + 1);
    }
    Random matchRandom = random.fork(1);
    addMatches(data, vocabulary, matchRandom, now, [&](int done, int jobs) {
        if (step)
            step(freelancerCount + jobCount + (freelancerCount + jobCount) * done / std::max(1, jobs), total);
    });
    Random reportRandom = random.fork(2);
    addReportsAndModels(data, vocabulary, reportRandom, now);
    if (step)
        step(total, total);
    return data;
}
