#include "ai/pricetable.h"

#include <QSettings>

PriceTable PriceTable::defaults()
{
    PriceTable table;
    table.setPrice(QStringLiteral("text-embedding-3-small"), { 0.02, 0.0 });
    table.setPrice(QStringLiteral("text-embedding-3-large"), { 0.13, 0.0 });
    table.setPrice(QStringLiteral("text-embedding-ada-002"), { 0.10, 0.0 });
    table.setPrice(QStringLiteral("gpt-4o-mini"), { 0.15, 0.60 });
    table.setPrice(QStringLiteral("gpt-4o"), { 2.50, 10.00 });
    table.setPrice(QStringLiteral("gpt-4.1-mini"), { 0.40, 1.60 });
    table.setPrice(QStringLiteral("gpt-4.1"), { 2.00, 8.00 });
    return table;
}

PriceTable PriceTable::load(QSettings &settings)
{
    settings.beginGroup(QStringLiteral("prices"));
    const bool edited = settings.value(QStringLiteral("edited"), false).toBool();
    PriceTable table = edited ? PriceTable() : defaults();
    const int count = settings.beginReadArray(QStringLiteral("models"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        const QString model = settings.value(QStringLiteral("model")).toString();
        if (model.isEmpty())
            continue;
        table.setPrice(model,
            { settings.value(QStringLiteral("input")).toDouble(), settings.value(QStringLiteral("output")).toDouble() });
    }
    settings.endArray();
    settings.endGroup();
    return table;
}

void PriceTable::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("prices"));
    settings.remove(QString());
    settings.setValue(QStringLiteral("edited"), true);
    settings.beginWriteArray(QStringLiteral("models"), int(m_prices.size()));
    int i = 0;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it, ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("model"), it.key());
        settings.setValue(QStringLiteral("input"), it->inputPerMillion);
        settings.setValue(QStringLiteral("output"), it->outputPerMillion);
    }
    settings.endArray();
    settings.endGroup();
}

QString PriceTable::match(const QString &model) const
{
    if (m_prices.contains(model))
        return model;
    QString best;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        if (model.startsWith(it.key() + QLatin1Char('-')) && it.key().size() > best.size())
            best = it.key();
    }
    return best;
}

PriceTable::Price PriceTable::price(const QString &model) const
{
    const QString known = match(model);
    return known.isEmpty() ? Price() : m_prices.value(known);
}

bool PriceTable::hasPrice(const QString &model) const
{
    return !match(model).isEmpty();
}

double PriceTable::cost(const QString &model, qint64 promptTokens, qint64 completionTokens) const
{
    const Price p = price(model);
    return (double(promptTokens) * p.inputPerMillion + double(completionTokens) * p.outputPerMillion) / 1e6;
}
