#include "archetypes/strategyrecords.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

Result<void> WeightingStrategy::validate(const WeightingStrategy &s)
{
    const auto refuse = [](const QString &message) { return makeError(Error::InvalidInput, message); };
    if (s.name.trimmed().isEmpty())
        return refuse(QCoreApplication::translate("WeightingStrategy", "A strategy needs a name."));
    double sum = 0.0;
    for (int i = 0; i < Archetypes::Count; ++i) {
        const double w = s.weights[size_t(i)];
        if (!std::isfinite(w) || w < 0.0 || w > 1.0)
            return refuse(QCoreApplication::translate(
                "WeightingStrategy", "The weight of %1 is %2; each weight must be between 0 and 1.")
                              .arg(Archetypes::name(i), QLocale().toString(w, 'g', 6)));
        sum += w;
    }
    if (std::abs(sum - 1.0) > SumTolerance)
        // Said, never silently normalised: the operator decides which weight gives.
        return refuse(
            QCoreApplication::translate("WeightingStrategy", "The weights add up to %1; they must add up to 1.")
                .arg(QLocale().toString(sum, 'g', 6)));
    return {};
}

WeightingStrategy WeightingStrategy::defaultStrategy()
{
    WeightingStrategy s;
    s.name = QCoreApplication::translate("WeightingStrategy", "Default");
    s.weights = Archetypes::defaultWeights();
    s.builtIn = true;
    return s;
}
