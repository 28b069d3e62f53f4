#include "matching/matchfactors.h"

#include "matching/matchinputs.h"

#include <QJsonArray>

#include <cmath>

// Marks a sentence for lupdate; sentence() translates it only for the UI.
#define N(text) QT_TRANSLATE_NOOP("MatchFactors", text)

namespace {

using C = compute::MatchComponent;

QJsonObject item(const char *kind, std::initializer_list<std::pair<QString, QJsonValue>> fields = {})
{
    QJsonObject o { { QStringLiteral("kind"), QLatin1String(kind) } };
    for (const auto &[key, value] : fields)
        o.insert(key, value);
    return o;
}

QString k(const char *key)
{
    return QString::fromLatin1(key);
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// The English sentence of an item (what the row stores) or its translation (what the UI shows).
QString sentence(const QJsonObject &o, bool translated)
{
    const auto t = [translated](const char *text) {
        return translated ? QCoreApplication::translate("MatchFactors", text) : QString::fromLatin1(text);
    };
    const QString kind = o.value(k("kind")).toString();
    const auto list = [&](const char *key) {
        QStringList names;
        for (const QJsonValue &v : o.value(QLatin1String(key)).toArray())
            names << v.toString();
        return names.join(QLatin1String(", "));
    };
    const int count = o.value(k("count")).toInt();
    const int years = o.value(k("years")).toInt();
    const int wanted = o.value(k("wanted")).toInt();
    const int percent = o.value(k("percent")).toInt();
    const double hours = o.value(k("hours")).toDouble();
    if (kind == QLatin1String("all_skills"))
        return translated ? MatchFactors::tr("has all %n required skills", nullptr, count)
                          : QStringLiteral("has all %1 required skills").arg(count);
    if (kind == QLatin1String("matched_skills"))
        return t(N("has skills: %1")).arg(list("skills"));
    if (kind == QLatin1String("missing_skills"))
        return t(N("missing skills: %1")).arg(list("skills"));
    if (kind == QLatin1String("no_required_skills"))
        return t(N("the job lists no required skills"));
    if (kind == QLatin1String("close_text"))
        return t(N("profile text close to the job (similarity %1)")).arg(o.value(k("similarity")).toDouble(), 0, 'f', 2);
    if (kind == QLatin1String("no_embedding"))
        return o.value(k("side")).toString() == QLatin1String("job") ? t(N("the job has no embedding"))
                                                                      : t(N("the freelancer has no embedding"));
    if (kind == QLatin1String("within_budget"))
        return t(N("rate within budget"));
    if (kind == QLatin1String("over_budget"))
        return t(N("rate %1 % over budget")).arg(percent);
    if (kind == QLatin1String("unknown_budget"))
        return t(N("budget or rate unknown"));
    if (kind == QLatin1String("experience_met"))
        return t(N("%1 years of experience (the level asks %2)")).arg(years).arg(wanted);
    if (kind == QLatin1String("experience_short"))
        return t(N("%1 years of experience, the level asks %2")).arg(years).arg(wanted);
    if (kind == QLatin1String("high_success"))
        return t(N("success rate %1 %")).arg(percent);
    if (kind == QLatin1String("low_success"))
        return t(N("success rate only %1 %")).arg(percent);
    if (kind == QLatin1String("no_history"))
        return t(N("no success history"));
    if (kind == QLatin1String("same_region"))
        return t(N("same region (%1)")).arg(o.value(k("region")).toString());
    if (kind == QLatin1String("near_timezone"))
        return t(N("time zones %1 h apart")).arg(hours);
    if (kind == QLatin1String("far_region"))
        return t(N("different region (%1 vs %2, %3 h apart)"))
            .arg(o.value(k("job_region")).toString(), o.value(k("freelancer_region")).toString())
            .arg(hours);
    return {};
}

} // namespace

QJsonObject MatchFactors::describe(
    const MatchInputs &in, std::uint32_t job, std::uint32_t freelancer, const compute::ComponentScores &components)
{
    QJsonArray strengths, gaps, items;
    const auto add = [&](bool strength, QJsonObject o) {
        (strength ? strengths : gaps).append(sentence(o, false));
        o.insert(k("strength"), strength);
        items.append(o);
    };
    const compute::MatchJobs &j = in.jobs;
    const compute::MatchFreelancers &f = in.freelancers;

    // Skills
    const std::vector<std::int32_t> &required = j.requiredSkills[job];
    const std::vector<std::int32_t> &has = f.skills[freelancer];
    QJsonArray matched, missing;
    for (std::int32_t s : required)
        (std::binary_search(has.begin(), has.end(), s) ? matched : missing).append(in.skills.value(s));
    if (required.empty())
        add(false, item("no_required_skills"));
    else if (missing.isEmpty())
        add(true, item("all_skills", { { k("count"), int(required.size()) } }));
    else {
        if (!matched.isEmpty())
            add(true, item("matched_skills", { { k("skills"), matched } }));
        add(false, item("missing_skills", { { k("skills"), missing } }));
    }

    // Semantic
    const bool jobVector = j.hasVector.empty() || j.hasVector[job];
    const bool freelancerVector = f.hasVector.empty() || f.hasVector[freelancer];
    if (!jobVector || !freelancerVector)
        add(false, item("no_embedding", { { k("side"), jobVector ? k("freelancer") : k("job") } }));
    else if (components[C::Semantic] >= 0.5f)
        add(true, item("close_text", { { k("similarity"), round2(components[C::Semantic]) } }));

    // Budget: the job's budget over its hours is the hourly rate it can pay.
    const double budget = j.budget.empty() ? 0.0 : j.budget[job];
    const double rate = f.hourlyRate.empty() ? 0.0 : f.hourlyRate[freelancer];
    const double hours = j.estimatedHours.size() > job && j.estimatedHours[job] > 0 ? j.estimatedHours[job] : j.assumedHours;
    if (budget <= 0 || rate <= 0)
        add(false, item("unknown_budget"));
    else if (const double ratio = rate / (budget / hours); ratio <= 1.0)
        add(true, item("within_budget"));
    else
        add(false, item("over_budget", { { k("percent"), int(std::lround((ratio - 1.0) * 100.0)) } }));

    // Experience
    const int level = j.experienceLevel.empty() ? -1 : j.experienceLevel[job];
    const int years = f.experienceYears.empty() ? -1 : f.experienceYears[freelancer];
    if (level >= 0 && years >= 0) {
        const int wanted = compute::ExperienceYearsFor[std::size_t(level)];
        add(years >= wanted, item(years >= wanted ? "experience_met" : "experience_short",
                                 { { k("years"), years }, { k("wanted"), wanted } }));
    }

    // Success rate
    const double success = f.successRate.empty() ? std::nan("") : f.successRate[freelancer];
    if (std::isnan(success))
        add(false, item("no_history"));
    else if (success >= 0.9)
        add(true, item("high_success", { { k("percent"), int(std::lround(success * 100)) } }));
    else if (success < 0.75)
        add(false, item("low_success", { { k("percent"), int(std::lround(success * 100)) } }));

    // Region
    const int jr = j.region.empty() ? -1 : j.region[job];
    const int fr = f.region.empty() ? -1 : f.region[freelancer];
    if (jr >= 0 && jr == fr)
        add(true, item("same_region", { { k("region"), in.regions.value(jr) } }));
    else if (jr >= 0 && fr >= 0) {
        const float a = j.utcOffsetHours.empty() ? NAN : j.utcOffsetHours[job];
        const float b = f.utcOffsetHours.empty() ? NAN : f.utcOffsetHours[freelancer];
        double apart = std::isnan(a) || std::isnan(b) ? 12.0 : std::fabs(double(a) - double(b));
        apart = std::min(apart, 24.0 - apart);
        if (apart <= 3.0)
            add(true, item("near_timezone", { { k("hours"), apart } }));
        else
            add(false, item("far_region", { { k("job_region"), in.regions.value(jr) },
                           { k("freelancer_region"), in.regions.value(fr) }, { k("hours"), apart } }));
    }

    return QJsonObject { { k("strengths"), strengths }, { k("gaps"), gaps }, { k("items"), items },
        { k("semantic_similarity"), round2(components[C::Semantic]) } };
}

MatchFactors::Sentences MatchFactors::sentences(const QJsonObject &factors)
{
    Sentences out;
    const QJsonArray items = factors.value(k("items")).toArray();
    if (items.isEmpty()) {
        for (const QJsonValue &v : factors.value(k("strengths")).toArray())
            out.strengths << v.toString();
        for (const QJsonValue &v : factors.value(k("gaps")).toArray())
            out.gaps << v.toString();
        return out;
    }
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        const QString text = sentence(o, true);
        if (!text.isEmpty())
            (o.value(k("strength")).toBool() ? out.strengths : out.gaps) << text;
    }
    return out;
}
