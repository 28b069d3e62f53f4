// UsageTableModel: what the AI endpoint cost. Each column shows what the usage panel's reader needs (the cache
// row in its own words, costs from the price table, a warning where a model has no price), the panel's
// sort proxy orders by raw values, and every change passes QAbstractItemModelTester.
#include "ai/usagetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

class TestUsageTableModel : public QObject
{
    Q_OBJECT

    static UsageTotals row(QDate day, const QString &task, const QString &endpoint, const QString &model,
        qint64 requests, qint64 inputs, qint64 prompt, qint64 completion, qint64 cached = 0)
    {
        UsageTotals t;
        t.day = day;
        t.task = task;
        t.endpoint = endpoint;
        t.model = model;
        t.requests = requests;
        t.inputs = inputs;
        t.cachedInputs = cached;
        t.promptTokens = prompt;
        t.completionTokens = completion;
        return t;
    }

    const QDate m_day { 2026, 3, 9 };

    QList<UsageTotals> totals() const
    {
        return {
            // 1M prompt tokens at $0.15 + 0.5M completion tokens at $0.60
            row(m_day, QString(), QStringLiteral("chat"), QStringLiteral("gpt-4o-mini"), 12, 12, 1000000, 500000),
            // 2M tokens at $0.02
            row(m_day, QStringLiteral("Bulk embedding"), QStringLiteral("embeddings"),
                QStringLiteral("text-embedding-3-small"), 40, 5000, 2000000, 0),
            row(m_day, QStringLiteral("Bulk embedding"), QStringLiteral("cache"),
                QStringLiteral("text-embedding-3-small"), 0, 100, 0, 0, 40),
            // a dated variant takes its base model's price: 1M at $2.50 + 1M at $10
            row(m_day.addDays(-3), QStringLiteral("Evaluation"), QStringLiteral("chat"),
                QStringLiteral("gpt-4o-2024-08-06"), 3, 3, 1000000, 1000000),
            row(m_day.addDays(-1), QString(), QStringLiteral("chat"), QStringLiteral("my-local-model"), 1, 1, 500, 20),
        };
    }

    static QString text(const QAbstractItemModel &model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void columnsShowWhatTheReaderNeeds()
    {
        UsageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.hasUnpricedModels());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTotals(totals());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(UsageTableModel::ColumnCount));
        QCOMPARE(model.headerData(UsageTableModel::Cost, Qt::Horizontal).toString(), QStringLiteral("Cost (USD)"));

        // A chat row.
        QCOMPARE(text(model, 0, UsageTableModel::Day), QStringLiteral("3/9/26"));
        QCOMPARE(text(model, 0, UsageTableModel::Task), QStringLiteral("Interactive"));
        QCOMPARE(text(model, 0, UsageTableModel::Endpoint), QStringLiteral("Chat"));
        QCOMPARE(text(model, 0, UsageTableModel::Model), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(text(model, 0, UsageTableModel::Requests), QStringLiteral("12"));
        QCOMPARE(text(model, 0, UsageTableModel::PromptTokens), QStringLiteral("1,000,000"));
        QCOMPARE(text(model, 0, UsageTableModel::CompletionTokens), QStringLiteral("500,000"));
        QCOMPARE(text(model, 0, UsageTableModel::Cost), QStringLiteral("$0.4500"));
        QCOMPARE(model.index(0, UsageTableModel::Cost).data(Qt::TextAlignmentRole).toInt(),
            int(Qt::AlignRight | Qt::AlignVCenter));
        // Embeddings, with the named task.
        QCOMPARE(text(model, 1, UsageTableModel::Task), QStringLiteral("Bulk embedding"));
        QCOMPARE(text(model, 1, UsageTableModel::Endpoint), QStringLiteral("Embeddings"));
        QCOMPARE(text(model, 1, UsageTableModel::Inputs), QStringLiteral("5,000"));
        QCOMPARE(text(model, 1, UsageTableModel::Cost), QStringLiteral("$0.0400"));
        // The cache row: how many texts it answered; no requests, tokens or cost to show.
        QCOMPARE(text(model, 2, UsageTableModel::Endpoint), QStringLiteral("Embedding cache"));
        QCOMPARE(text(model, 2, UsageTableModel::Inputs), QStringLiteral("40 of 100 from cache"));
        QVERIFY(text(model, 2, UsageTableModel::Requests).isEmpty());
        QVERIFY(text(model, 2, UsageTableModel::PromptTokens).isEmpty());
        QVERIFY(text(model, 2, UsageTableModel::Cost).isEmpty());
        // A dated model variant costs what its base model costs.
        QCOMPARE(text(model, 3, UsageTableModel::Cost), QStringLiteral("$12.50"));
        // A model without a price: free on paper, and the cell says why.
        QCOMPARE(text(model, 4, UsageTableModel::Cost), QStringLiteral("$0.00"));
        QVERIFY(model.index(4, UsageTableModel::Cost)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("No price is set for my-local-model")));
        QVERIFY(!model.index(0, UsageTableModel::Cost).data(Qt::ToolTipRole).isValid());

        // Raw values for sorting.
        QCOMPARE(model.index(3, UsageTableModel::Day).data(UsageTableModel::SortRole).toDate(), m_day.addDays(-3));
        QCOMPARE(model.index(0, UsageTableModel::PromptTokens).data(UsageTableModel::SortRole).toLongLong(), 1000000);
        QVERIFY(qAbs(model.index(3, UsageTableModel::Cost).data(UsageTableModel::SortRole).toDouble() - 12.5) < 1e-9);

        // The panel's totals.
        QVERIFY(qAbs(model.totalCost(m_day) - 0.49) < 1e-9);
        QVERIFY(qAbs(model.totalCost(m_day.addDays(-6)) - 12.99) < 1e-9);
        QCOMPARE(model.totalTokens(m_day), qint64(3500000));
        QCOMPARE(model.cacheHits(), (std::pair<qint64, qint64>(40, 100)));
        QVERIFY(model.hasUnpricedModels());

        model.setTotals({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCost(m_day.addDays(-6)), 0.0);
    }

    void newPricesReachTheCostColumn()
    {
        UsageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTotals(totals());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        PriceTable prices = PriceTable::defaults();
        prices.setPrice(QStringLiteral("my-local-model"), { 2.0, 50.0 }); // 500 * 2 + 20 * 50 per million
        model.setPrices(prices);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(UsageTableModel::Cost));
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 4);
        QCOMPARE(text(model, 4, UsageTableModel::Cost), QStringLiteral("$0.002000"));
        QVERIFY(!model.hasUnpricedModels());
        QVERIFY(!model.index(4, UsageTableModel::Cost).data(Qt::ToolTipRole).isValid());
    }

    void sortProxyOrdersByRawValues()
    {
        // As the usage panel shows it: a sort proxy on SortRole. "$12.50" sorts below "$0.4500" as text.
        UsageTableModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(UsageTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTotals(totals());
        proxy.sort(UsageTableModel::Cost, Qt::DescendingOrder);
        QCOMPARE(text(proxy, 0, UsageTableModel::Cost), QStringLiteral("$12.50"));
        QCOMPARE(text(proxy, 1, UsageTableModel::Cost), QStringLiteral("$0.4500"));
        QCOMPARE(text(proxy, 2, UsageTableModel::Cost), QStringLiteral("$0.0400"));
        proxy.sort(UsageTableModel::Day, Qt::DescendingOrder);
        QCOMPARE(proxy.index(4, UsageTableModel::Day).data(UsageTableModel::SortRole).toDate(), m_day.addDays(-3));
        proxy.sort(UsageTableModel::PromptTokens, Qt::AscendingOrder);
        QCOMPARE(text(proxy, 4, UsageTableModel::PromptTokens), QStringLiteral("2,000,000"));
    }

    void formatsCost_data()
    {
        QTest::addColumn<double>("dollars");
        QTest::addColumn<QString>("text");
        QTest::newRow("free") << 0.0 << QStringLiteral("$0.00");
        QTest::newRow("tiny") << 0.000012 << QStringLiteral("$0.000012");
        QTest::newRow("cents") << 0.042 << QStringLiteral("$0.0420");
        QTest::newRow("dollars") << 12.346 << QStringLiteral("$12.35");
        QTest::newRow("thousands") << 1234.5 << QStringLiteral("$1,234.50");
    }

    void formatsCost()
    {
        QFETCH(double, dollars);
        QFETCH(QString, text);
        QCOMPARE(UsageTableModel::formatCost(dollars), text);
    }
};

QTEST_GUILESS_MAIN(TestUsageTableModel)
#include "tst_usagetablemodel.moc"
