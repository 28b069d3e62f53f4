#include "ai/pricetabledialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QDoubleSpinBox *priceEditor(double value)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(0.0, 1000.0);
    spin->setDecimals(3);
    spin->setPrefix(QStringLiteral("$"));
    spin->setValue(value);
    spin->setFrame(false);
    return spin;
}
} // namespace

PriceTableDialog::PriceTableDialog(const PriceTable &prices, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
{
    setWindowTitle(tr("Model Prices"));
    m_table->setHorizontalHeaderLabels({ tr("Model"), tr("Prompt, per 1M tokens"), tr("Completion, per 1M tokens") });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    fill(prices);

    auto *add = new QPushButton(tr("&Add Model"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem);
        m_table->setCellWidget(row, 1, priceEditor(0.0));
        m_table->setCellWidget(row, 2, priceEditor(0.0));
        m_table->editItem(m_table->item(row, 0));
    });
    auto *remove = new QPushButton(tr("&Remove"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    auto *reset = new QPushButton(tr("Reset to &Defaults"), this);
    connect(reset, &QPushButton::clicked, this, [this] { fill(PriceTable::defaults()); });
    auto *note = new QLabel(tr("A dated model name (gpt-4o-mini-2024-07-18) uses the price of its base name."), this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch(1);
    row->addWidget(reset);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(row);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(560, 360);
}

void PriceTableDialog::fill(const PriceTable &prices)
{
    m_table->setRowCount(0);
    for (auto it = prices.prices().cbegin(); it != prices.prices().cend(); ++it) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_table->setCellWidget(row, 1, priceEditor(it->inputPerMillion));
        m_table->setCellWidget(row, 2, priceEditor(it->outputPerMillion));
    }
}

PriceTable PriceTableDialog::prices() const
{
    PriceTable table;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString model = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (model.isEmpty())
            continue;
        table.setPrice(model,
            { static_cast<QDoubleSpinBox *>(m_table->cellWidget(row, 1))->value(),
                static_cast<QDoubleSpinBox *>(m_table->cellWidget(row, 2))->value() });
    }
    return table;
}
