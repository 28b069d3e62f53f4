#pragma once

#include <QMap>
#include <QString>

class QSettings;

// US dollars per million tokens, per model; editable by the operator (the usage panel), kept in the
// settings under "prices". The defaults are OpenAI's list prices when this was written.
class PriceTable
{
public:
    struct Price
    {
        double inputPerMillion = 0.0;
        double outputPerMillion = 0.0;
        bool operator==(const Price &) const = default;
    };

    static PriceTable defaults();
    static PriceTable load(QSettings &settings); // defaults for models never edited
    void save(QSettings &settings) const;

    // The price of `model`; a dated variant ("gpt-4o-mini-2024-07-18") uses its base model's price.
    // Unknown models cost nothing and are reported by hasPrice().
    Price price(const QString &model) const;
    bool hasPrice(const QString &model) const;
    double cost(const QString &model, qint64 promptTokens, qint64 completionTokens) const;

    void setPrice(const QString &model, Price price) { m_prices.insert(model, price); }
    void remove(const QString &model) { m_prices.remove(model); }
    const QMap<QString, Price> &prices() const { return m_prices; }

    bool operator==(const PriceTable &) const = default;

private:
    QString match(const QString &model) const; // the longest known model name that `model` starts with
    QMap<QString, Price> m_prices;
};
