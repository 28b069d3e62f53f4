#include "ai/usagedock.h"

#include "ai/aiendpoint.h"
#include "ai/pricetabledialog.h"
#include "ai/usageledger.h"
#include "ai/usagetablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr int DaysShown = 30;
}

UsageDock::UsageDock(AiEndpoint *endpoint, DatabaseWorker *worker, QWidget *parent)
    : QDockWidget(tr("Usage and Cost"), parent)
    , m_endpoint(endpoint)
    , m_worker(worker)
    , m_model(new UsageTableModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("usageDock"));
    QSettings settings;
    m_model->setPrices(PriceTable::load(settings));

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(UsageTableModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(UsageTableModel::Day, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_summary->setObjectName(QStringLiteral("usageSummary"));
    m_summary->setWordWrap(true);
    auto *prices = new QPushButton(tr("Edit &Prices…"), this);
    connect(prices, &QPushButton::clicked, this, &UsageDock::editPrices);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    connect(refresh, &QPushButton::clicked, this, &UsageDock::reload);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(refresh, 0, Qt::AlignTop);
    buttons->addWidget(prices, 0, Qt::AlignTop);
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(buttons);
    layout->addWidget(m_table);
    m_summary->setMinimumWidth(320);
    setWidget(content);

    m_reload.setSingleShot(true);
    m_reload.setInterval(300);
    connect(&m_reload, &QTimer::timeout, this, &UsageDock::reload);
    connect(endpoint->ledger(), &UsageLedger::written, &m_reload, qOverload<>(&QTimer::start));
    updateSummary();
}

void UsageDock::reload()
{
    const quint64 generation = ++m_generation;
    const QDate since = QDate::currentDate().addDays(-(DaysShown - 1));
    UsageLedger::totals(m_worker, this, since,
        [this, generation](const Result<QList<UsageTotals>> &totals) {
            if (generation != m_generation)
                return;
            if (totals)
                m_model->setTotals(*totals);
            else
                m_summary->setText(tr("Usage could not be read: %1").arg(totals.errorMessage()));
            if (totals)
                updateSummary();
            Q_EMIT reloaded();
        });
}

QString UsageDock::summaryText() const
{
    return m_summary->text();
}

void UsageDock::updateSummary()
{
    const QLocale locale;
    const QDate today = QDate::currentDate();
    const auto [hits, asked] = m_model->cacheHits();
    QStringList parts;
    parts << tr("Today: %Ln tokens, %1", nullptr, int(m_model->totalTokens(today)))
                 .arg(UsageTableModel::formatCost(m_model->totalCost(today)));
    parts << tr("Last %1 days: %2")
                 .arg(DaysShown)
                 .arg(UsageTableModel::formatCost(m_model->totalCost(today.addDays(-(DaysShown - 1)))));
    parts << (asked > 0 ? tr("Embedding cache: %1% hits (%2 of %Ln texts)", nullptr, int(asked))
                              .arg(locale.toString(100.0 * double(hits) / double(asked), 'f', 1), locale.toString(hits))
                        : tr("Embedding cache: not used yet"));
    QString text = parts.join(QStringLiteral("  ·  "));
    if (m_model->hasUnpricedModels())
        text += QLatin1Char('\n') + tr("Some models have no price: their cost counts as $0.");
    if (!m_endpoint->isOnline())
        text += QLatin1Char('\n') + tr("The offline embedder is in use: it costs nothing.");
    m_summary->setText(text);
}

void UsageDock::editPrices()
{
    PriceTableDialog dialog(m_model->prices(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    dialog.prices().save(settings);
    m_model->setPrices(dialog.prices());
    updateSummary();
}
