#include "core/archetypes.h"

#include <QTest>

class TestArchetypes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip()
    {
        for (int a = 0; a < Archetypes::Count; ++a) {
            QCOMPARE(Archetypes::fromName(Archetypes::name(a)).value(), a);
            QCOMPARE(Archetypes::metricNames(a).size(), Archetypes::MetricsPerArchetype);
        }
        QVERIFY(!Archetypes::fromName(QStringLiteral("Ella-Z")).has_value());
        QCOMPARE(Archetypes::metricName(0), QStringLiteral("emotionalDepth"));
        QCOMPARE(Archetypes::metricName(31), QStringLiteral("mitigationStrategy"));
    }

    void priorityIsWeightedMean()
    {
        // Equal archetype priorities give that same priority whatever the weights.
        std::array<double, Archetypes::Count> same;
        same.fill(0.7);
        QCOMPARE(qRound(Archetypes::memoryPriority(same) * 1e6), qRound(0.7 * 1e6));
        // Only Ella-M at 1.0: its weight share (0.20 of 1.00).
        std::array<double, Archetypes::Count> onlyM {};
        onlyM[Archetypes::M] = 1.0;
        QCOMPARE(qRound(Archetypes::memoryPriority(onlyM) * 1e6), qRound(0.20 * 1e6));
        // Custom weights are normalised by their sum.
        std::array<double, Archetypes::Count> weights {};
        weights[Archetypes::F] = 2.0;
        weights[Archetypes::A] = 2.0;
        std::array<double, Archetypes::Count> p {};
        p[Archetypes::F] = 0.9;
        p[Archetypes::A] = 0.1;
        QCOMPARE(qRound(Archetypes::memoryPriority(p, weights) * 1e6), qRound(0.5 * 1e6));
    }

    void decay()
    {
        // exp(-0.1 * Δt / (p * 86400)): ten days at priority 0.5 gives exp(-2).
        const double tenDays = 10 * 86400.0;
        QCOMPARE(qRound(Archetypes::decayFactor(0.5, tenDays, false, false) * 1e6), qRound(std::exp(-2.0) * 1e6));
        QCOMPARE(Archetypes::decayFactor(0.5, 0.0, false, false), 1.0);
        // Floored at 0.1, and long-term / core never decay.
        QCOMPARE(Archetypes::decayFactor(0.2, 365 * 86400.0, false, false), 0.1);
        QCOMPARE(Archetypes::decayFactor(0.2, 365 * 86400.0, true, false), 1.0);
        QCOMPARE(Archetypes::decayFactor(0.2, 365 * 86400.0, false, true), 1.0);
        // Higher priority decays slower.
        QVERIFY(
            Archetypes::decayFactor(0.9, tenDays, false, false) > Archetypes::decayFactor(0.3, tenDays, false, false));
    }
};

QTEST_GUILESS_MAIN(TestArchetypes)
#include "tst_archetypes.moc"
