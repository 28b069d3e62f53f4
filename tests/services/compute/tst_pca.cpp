// PCA by randomized SVD against an independent reference: the covariance matrix's leading
// eigenvectors by power iteration with deflation (double precision, in this file), plus the Jacobi
// eigen-solver on a matrix with a known spectrum, determinism, cancellation and bad input.
#include "compute/linalg.h"
#include "compute/pca.h"
#include "support/testblobs.h"

#include <QTest>

#include <atomic>
#include <cmath>
#include <random>

using namespace compute;

class TestPca : public QObject
{
    Q_OBJECT

    // Data with a decaying spectrum: axis j scaled by 1 / (1 + j)², then rotated by a random matrix.
    static EmbeddingMatrix spectrumData(std::size_t n, int dims, unsigned seed)
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal;
        std::vector<double> rotation(std::size_t(dims) * dims);
        for (double &v : rotation)
            v = normal(random);
        orthonormalizeColumns(rotation, std::size_t(dims), std::size_t(dims));
        EmbeddingMatrix x(n, dims);
        std::vector<double> z(dims);
        for (std::size_t i = 0; i < n; ++i) {
            for (int j = 0; j < dims; ++j)
                z[j] = normal(random) * 5.0 / ((1.0 + j) * (1.0 + j)) + 0.5 * j;
            for (int r = 0; r < dims; ++r) {
                double v = 0;
                for (int j = 0; j < dims; ++j)
                    v += rotation[std::size_t(r) * dims + j] * z[j];
                x.row(i)[r] = float(v);
            }
        }
        return x;
    }

    // The top `count` eigenpairs of the sample covariance by power iteration with deflation.
    static void reference(const EmbeddingMatrix &x, int count, std::vector<std::vector<double>> &vectors, std::vector<double> &values)
    {
        const int d = x.dims();
        const std::size_t n = x.rows();
        std::vector<double> mean(d, 0.0), cov(std::size_t(d) * d, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (int j = 0; j < d; ++j)
                mean[j] += x.row(i)[j] / double(n);
        for (std::size_t i = 0; i < n; ++i)
            for (int a = 0; a < d; ++a)
                for (int b = 0; b < d; ++b)
                    cov[std::size_t(a) * d + b] += (x.row(i)[a] - mean[a]) * (x.row(i)[b] - mean[b]) / double(n - 1);
        for (int c = 0; c < count; ++c) {
            std::vector<double> v(d, 1.0), w(d);
            double lambda = 0;
            for (int it = 0; it < 3000; ++it) {
                for (int a = 0; a < d; ++a) {
                    w[a] = 0;
                    for (int b = 0; b < d; ++b)
                        w[a] += cov[std::size_t(a) * d + b] * v[b];
                }
                double norm = 0;
                for (double e : w)
                    norm += e * e;
                lambda = std::sqrt(norm);
                for (int a = 0; a < d; ++a)
                    v[a] = w[a] / lambda;
            }
            for (int a = 0; a < d; ++a)
                for (int b = 0; b < d; ++b)
                    cov[std::size_t(a) * d + b] -= lambda * v[a] * v[b];
            vectors.push_back(v);
            values.push_back(lambda);
        }
    }

private Q_SLOTS:
    void jacobiFindsAKnownSpectrum()
    {
        const std::size_t n = 6;
        std::vector<double> q(n * n);
        std::mt19937 random(4);
        std::normal_distribution<double> normal;
        for (double &v : q)
            v = normal(random);
        orthonormalizeColumns(q, n, n);
        const double spectrum[n] = { 9, 7.5, 4, 2, 1, 0.25 };
        std::vector<double> a(n * n, 0.0); // Q·diag·Qᵀ
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                for (std::size_t k = 0; k < n; ++k)
                    a[i * n + j] += q[i * n + k] * spectrum[k] * q[j * n + k];
        std::vector<double> values, vectors;
        symmetricEigen(a, n, values, vectors);
        for (std::size_t k = 0; k < n; ++k) {
            QVERIFY(std::abs(values[k] - spectrum[k]) < 1e-9);
            double alignment = 0;
            for (std::size_t i = 0; i < n; ++i)
                alignment += vectors[i * n + k] * q[i * n + k];
            QVERIFY(std::abs(std::abs(alignment) - 1.0) < 1e-9);
        }
    }

    void matchesTheCovarianceEigenvectors()
    {
        const EmbeddingMatrix x = spectrumData(400, 24, 9);
        std::vector<std::vector<double>> refVectors;
        std::vector<double> refValues;
        reference(x, 2, refVectors, refValues);
        const PcaResult r = pca(x);
        QCOMPARE(r.status, Status::Ok);
        QCOMPARE(r.coordinates.size(), std::size_t(800));
        for (int c = 0; c < 2; ++c) {
            double alignment = 0;
            for (int j = 0; j < 24; ++j)
                alignment += r.axes[std::size_t(c) * 24 + j] * refVectors[c][j];
            QVERIFY2(std::abs(alignment) > 0.9999, qPrintable(QString::number(alignment)));
            QVERIFY(std::abs(r.explainedVariance[c] - refValues[c]) < 1e-3 * refValues[c]);
            // Coordinates are the centred rows projected on the axis.
            for (std::size_t i = 0; i < 400; i += 37) {
                double p = 0;
                for (int j = 0; j < 24; ++j)
                    p += (x.row(i)[j] - r.mean[j]) * r.axes[std::size_t(c) * 24 + j];
                QVERIFY(std::abs(p - r.coordinates[i * 2 + c]) < 1e-3 * (1.0 + std::abs(p)));
            }
        }
        QVERIFY(r.totalVariance > r.explainedVariance[0] + r.explainedVariance[1]);
    }

    void separatesBlobsAndIsDeterministic()
    {
        const TestBlobs data = testBlobs(2, 100, 1536, 0.01f, 3, true);
        const PcaResult a = pca(data.points);
        const PcaResult b = pca(data.points);
        QVERIFY(a.coordinates == b.coordinates);
        // The first axis splits the two blobs: every row of blob 0 on one side.
        const bool side = a.coordinates[0] > 0;
        for (std::size_t i = 0; i < data.points.rows(); ++i)
            QCOMPARE(a.coordinates[i * 2] > 0, data.labels[i] == 0 ? side : !side);
    }

    void rejectsBadInputAndCancels()
    {
        TestBlobs data = testBlobs(2, 20, 8, 1.0f, 1);
        data.points.row(5)[1] = std::nanf("");
        PcaResult r = pca(data.points);
        QCOMPARE(r.status, Status::NonFiniteInput);
        QCOMPARE(r.badRow, std::size_t(5));
        QCOMPARE(pca(EmbeddingMatrix()).status, Status::EmptyInput);
        data.points.row(5)[1] = 0;
        PcaOptions options;
        options.components = 9;
        QCOMPARE(pca(data.points, options).status, Status::InvalidArgument);
        std::atomic<bool> cancel { true };
        QCOMPARE(pca(data.points, {}, Control { &cancel, nullptr }).status, Status::Cancelled);
    }

    void singleRowAndConstantColumns()
    {
        const float row[4] = { 1, 2, 3, 4 };
        const PcaResult r = pca(EmbeddingMatrix::copyOf(row, 1, 4));
        QCOMPARE(r.status, Status::Ok);
        for (float v : r.coordinates)
            QVERIFY(std::isfinite(v) && v == 0.0f);
    }
};

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
