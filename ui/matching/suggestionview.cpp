#include "matching/suggestionview.h"

#include "common/datalabel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace {
QTableWidgetItem *suggestionNumberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

SuggestionView::SuggestionView(QWidget *parent)
    : QWidget(parent)
    , m_summary(makeDataLabel(QStringLiteral("suggestionSummary"), this))
    , m_table(new QTableWidget(0, ColumnCount, this))
{
    m_table->setObjectName(QStringLiteral("suggestionTable"));
    m_table->setAccessibleName(tr("Suggested weights"));
    m_table->setHorizontalHeaderLabels({ tr("Component"), tr("Coefficient"), tr("Std. error"), tr("Weight") });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    clear();
}

void SuggestionView::clear()
{
    m_table->setRowCount(0);
    m_summary->setText(tr("Suggest weights fits approve against reject on the reviewed proposals' components and "
                          "saves the result as a draft version."));
}

void SuggestionView::setSuggestion(const WeightSuggestion &suggestion)
{
    const QLocale locale;
    const compute::LogisticFit &fit = suggestion.fit;
    const Result<compute::MatchParams> params = paramsFromJson(suggestion.draft.parameters);
    m_table->setRowCount(compute::MatchComponentCount);
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        const std::size_t i = std::size_t(c);
        const double coefficient = i < fit.coefficients.size() ? fit.coefficients[i] : std::nan("");
        const double se = i < fit.standardErrors.size() ? fit.standardErrors[i] : std::nan("");
        auto *name = new QTableWidgetItem(componentKeys()[i]);
        m_table->setItem(c, Component, name);
        auto *coef = suggestionNumberItem(locale.toString(coefficient, 'f', 3));
        if (std::isfinite(se) && std::abs(coefficient) < 2 * se)
            coef->setToolTip(tr("Within two standard errors of 0: the reviews do not tell this effect from none"));
        m_table->setItem(c, Coefficient, coef);
        m_table->setItem(c, StandardError, suggestionNumberItem(tr("± %1").arg(locale.toString(se, 'f', 3))));
        m_table->setItem(
            c, Weight, suggestionNumberItem(params ? locale.toString(params->weights[i], 'f', 4) : tr("—")));
    }
    m_summary->setText(tr("Saved as draft %1 from %n reviewed decisions: cross-validated ROC AUC %2, log-loss %3, "
                          "λ = %4%5.",
        nullptr, int(fit.n))
                           .arg(suggestion.draft.version, locale.toString(fit.cvAuc, 'f', 3),
                               locale.toString(fit.cvLogLoss, 'f', 3), locale.toString(fit.lambda, 'g', 2),
                               fit.converged ? QString() : tr(" (the fit did not fully converge)")));
}
