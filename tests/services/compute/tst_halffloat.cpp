// The plain C++ fp16 conversions that HalfMatrix falls back on (no F16C, not x86, or a portable build)
// against IEEE binary16: hand-picked roundings, every half through a round trip, random floats against
// the compiler's own _Float16, and HalfMatrix's stored halves (F16C's where the processor has it).
#include "compute/halffloat.h"
#include "compute/halfmatrix.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using compute::floatFromHalf;
using compute::halfFromFloat;

class TestHalfFloat : public QObject
{
    Q_OBJECT

    static bool isNan(std::uint16_t half) { return (half & 0x7c00u) == 0x7c00u && (half & 0x3ffu) != 0; }

private Q_SLOTS:
    void roundsToNearestEven_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<int>("bits");
        QTest::newRow("one") << 1.0f << 0x3c00;
        QTest::newRow("minus two") << -2.0f << 0xc000;
        QTest::newRow("minus zero") << -0.0f << 0x8000;
        QTest::newRow("tie below stays even") << 1.0f + 0x1p-11f << 0x3c00;
        QTest::newRow("tie above goes to even") << 1.0f + 3 * 0x1p-11f << 0x3c02;
        QTest::newRow("just above a tie rounds up") << 1.0f + 0x1p-11f + 0x1p-20f << 0x3c01;
        QTest::newRow("largest half") << 65504.0f << 0x7bff;
        QTest::newRow("below the overflow tie") << 65519.0f << 0x7bff;
        QTest::newRow("overflow tie becomes infinity") << 65520.0f << 0x7c00;
        QTest::newRow("too large") << 1e6f << 0x7c00;
        QTest::newRow("minus infinity") << -std::numeric_limits<float>::infinity() << 0xfc00;
        QTest::newRow("smallest normal") << 0x1p-14f << 0x0400;
        QTest::newRow("tie between subnormal and normal") << 0x1p-14f - 0x1p-25f << 0x0400;
        QTest::newRow("largest subnormal") << 0x1p-14f - 0x1p-24f << 0x03ff;
        QTest::newRow("smallest subnormal") << 0x1p-24f << 0x0001;
        QTest::newRow("half the smallest subnormal ties to zero") << 0x1p-25f << 0x0000;
        QTest::newRow("above that rounds up") << 1.5f * 0x1p-25f << 0x0001;
        QTest::newRow("float subnormal") << std::numeric_limits<float>::denorm_min() << 0x0000;
        QTest::newRow("quiet NaN keeps its top payload") << std::bit_cast<float>(0x7fc02000u) << 0x7e01;
        QTest::newRow("signalling NaN is quieted") << std::bit_cast<float>(0xff800001u) << 0xfe00;
    }

    void roundsToNearestEven()
    {
        QFETCH(float, value);
        QFETCH(int, bits);
        QCOMPARE(int(halfFromFloat(value)), bits);
    }

    void everyHalfSurvivesTheRoundTrip()
    {
        for (std::uint32_t h = 0; h <= 0xffffu; ++h) {
            const auto half = std::uint16_t(h);
            const float value = floatFromHalf(half);
            if (isNan(half)) {
                QVERIFY(std::isnan(value));
                QVERIFY(isNan(halfFromFloat(value)));
                continue;
            }
            if (halfFromFloat(value) != half)
                QFAIL(qPrintable(QStringLiteral("half 0x%1 came back different").arg(h, 4, 16, QLatin1Char('0'))));
        }
        QCOMPARE(floatFromHalf(0x0001), 0x1p-24f);
        QCOMPARE(floatFromHalf(0x7bff), 65504.0f);
        QCOMPARE(floatFromHalf(0xfc00), -std::numeric_limits<float>::infinity());
    }

    // The compiler's _Float16 (libgcc's soft-float, or the processor's instruction) as an independent
    // reference over random bit patterns: every exponent, both signs, subnormals and NaNs included.
    void matchesTheCompilersHalfType()
    {
#ifdef __FLT16_MAX__
        std::mt19937 random(3);
        for (int i = 0; i < 2000000; ++i) {
            const float value = std::bit_cast<float>(std::uint32_t(random()));
            const _Float16 reference = static_cast<_Float16>(value);
            std::uint16_t expected = 0;
            std::memcpy(&expected, &reference, sizeof expected);
            const std::uint16_t got = halfFromFloat(value);
            if (std::isnan(value) ? !isNan(got) : got != expected)
                QFAIL(qPrintable(QStringLiteral("%1 (0x%2): 0x%3, expected 0x%4")
                                     .arg(double(value))
                                     .arg(std::bit_cast<std::uint32_t>(value), 8, 16, QLatin1Char('0'))
                                     .arg(got, 4, 16, QLatin1Char('0'))
                                     .arg(expected, 4, 16, QLatin1Char('0'))));
            const float back = floatFromHalf(got);
            if (!std::isnan(back)
                && std::bit_cast<std::uint32_t>(back) != std::bit_cast<std::uint32_t>(float(reference)))
                QFAIL(qPrintable(QStringLiteral("half 0x%1 widened wrongly").arg(got, 4, 16, QLatin1Char('0'))));
        }
#else
        QSKIP("this compiler has no _Float16 to compare with");
#endif
    }

    // HalfMatrix stores exactly these halves, whichever conversion the processor and build use.
    void halfMatrixStoresTheSameHalves()
    {
        std::mt19937 random(4);
        std::normal_distribution<float> normal;
        constexpr std::size_t Rows = 300;
        constexpr int Dims = 75; // not a multiple of 8: the vector kernels' tails too
        std::vector<float> packed(Rows * Dims);
        for (std::size_t i = 0; i < packed.size(); ++i)
            packed[i] = normal(random) * std::ldexp(1.0f, int(i % 48) - 30); // subnormal to overflow
        const compute::EmbeddingMatrix base = compute::EmbeddingMatrix::copyOf(packed.data(), Rows, Dims);
        const compute::HalfMatrix half(base);
        for (std::size_t i = 0; i < Rows; ++i) {
            for (int d = 0; d < Dims; ++d) {
                if (half.row(i)[d] != halfFromFloat(base.row(i)[d]))
                    QFAIL(qPrintable(QStringLiteral("row %1, dimension %2").arg(i).arg(d)));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestHalfFloat)
#include "tst_halffloat.moc"
