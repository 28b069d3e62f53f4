#include "matching/versioneditor.h"

#include "common/taborder.h"

#include "common/datalabel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace {
constexpr int WeightDecimals = 4; // suggested versions store 4 decimals; fewer would break their sum on load
constexpr double SumTolerance = 1e-6; // compute::validateMatchParams's

QString componentTitle(int component)
{
    switch (component) {
    case compute::Semantic:
        return VersionEditor::tr("Semantic");
    case compute::Skills:
        return VersionEditor::tr("Skills");
    case compute::Experience:
        return VersionEditor::tr("Experience");
    case compute::SuccessRate:
        return VersionEditor::tr("Success rate");
    case compute::Region:
        return VersionEditor::tr("Region / timezone");
    case compute::Budget:
        return VersionEditor::tr("Budget");
    }
    return {};
}
} // namespace

VersionEditor::VersionEditor(QWidget *parent)
    : QWidget(parent)
    , m_sum(new QLabel(this))
    , m_note(makeErrorLabel(QStringLiteral("versionEditorNote"), this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_topK(new QSpinBox(this))
    , m_name(new QLineEdit(this))
    , m_notes(new QPlainTextEdit(this))
    , m_normalise(new QPushButton(tr("Normalise"), this))
    , m_save(new QPushButton(tr("Save as new version"), this))
{
    auto *weights = new QGridLayout;
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName(QStringLiteral("weight_%1").arg(componentKeys()[std::size_t(c)]));
        box->setAccessibleName(tr("Weight of %1").arg(componentTitle(c).toLower()));
        box->setRange(0.0, 1.0);
        box->setSingleStep(0.05);
        box->setDecimals(WeightDecimals);
        box->setToolTip(tr("Weight of the %1 component in the score (key \"%2\")")
                            .arg(componentTitle(c).toLower(), componentKeys()[std::size_t(c)]));
        m_weights[std::size_t(c)] = box;
        // Two columns of three: the form stays short enough to sit beside the versions table.
        const int row = c % 3;
        const int column = (c / 3) * 2;
        weights->addWidget(new QLabel(componentTitle(c), this), row, column);
        weights->addWidget(box, row, column + 1);
        connect(box, &QDoubleSpinBox::valueChanged, this, &VersionEditor::updateState);
    }
    weights->setColumnStretch(1, 1);
    weights->setColumnStretch(3, 1);

    m_sum->setObjectName(QStringLiteral("versionEditorSum"));
    m_normalise->setObjectName(QStringLiteral("normaliseButton"));
    m_normalise->setToolTip(tr("Scale the weights so that they sum to 1"));
    auto *sumRow = new QHBoxLayout;
    sumRow->addWidget(m_sum, 1);
    sumRow->addWidget(m_normalise);

    m_threshold->setObjectName(QStringLiteral("thresholdBox"));
    m_threshold->setRange(0.0, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setToolTip(tr("A candidate is proposed when its score reaches the threshold"));
    m_topK->setObjectName(QStringLiteral("topKBox"));
    m_topK->setRange(1, 50);
    m_topK->setToolTip(tr("At most this many candidates per job"));
    m_name->setObjectName(QStringLiteral("versionNameEdit"));
    m_name->setMaxLength(64);
    m_name->setPlaceholderText(tr("A name no other matching version has"));
    m_notes->setObjectName(QStringLiteral("versionNotesEdit"));
    m_notes->setPlaceholderText(tr("Why this version: what it changes and what you expect"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 3 + 12);
    m_save->setObjectName(QStringLiteral("saveVersionButton"));
    m_save->setToolTip(tr("Save the draft as a new, inactive matching version"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow); // numbers at their size, text boxes wide
    form->addRow(tr("Threshold:"), m_threshold);
    form->addRow(tr("Top-k:"), m_topK);
    form->addRow(tr("Version name:"), m_name);
    form->addRow(tr("Notes:"), m_notes);

    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_save);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(weights);
    layout->addLayout(sumRow);
    layout->addWidget(m_note);
    layout->addLayout(form);
    layout->addLayout(saveRow);
    layout->addStretch(1);
    // Tab reads the weights row by row, then the form below; the form's fields were made first.
    QList<QWidget *> order;
    for (int row = 0; row < 3; ++row) {
        for (int c = row; c < compute::MatchComponentCount; c += 3)
            order << m_weights[std::size_t(c)];
    }
    order << m_normalise << m_threshold << m_topK << m_name << m_notes << m_save;
    TabOrder::chain(order);

    connect(m_normalise, &QPushButton::clicked, this, &VersionEditor::normalise);
    connect(m_name, &QLineEdit::textChanged, this, &VersionEditor::updateState);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (canSave())
            Q_EMIT saveRequested(draft());
    });
    startFromScratch();
}

void VersionEditor::startFrom(const RegistryVersion &version)
{
    const Result<compute::MatchParams> params = paramsFromJson(version.parameters);
    if (!params) {
        startFromScratch();
        return;
    }
    for (int c = 0; c < compute::MatchComponentCount; ++c)
        m_weights[std::size_t(c)]->setValue(params->weights[std::size_t(c)]);
    m_threshold->setValue(params->threshold);
    m_topK->setValue(params->topK);
    m_name->setText(tr("%1-2").arg(version.version));
    m_notes->setPlainText(QString());
    m_basedOn = version.version;
    updateState();
}

void VersionEditor::startFromScratch()
{
    for (QDoubleSpinBox *box : m_weights)
        box->setValue(0.0);
    m_threshold->setValue(0.7);
    m_topK->setValue(10);
    m_name->clear();
    m_notes->setPlainText(QString());
    m_basedOn.clear();
    updateState();
}

MatchingVersionDraft VersionEditor::draft() const
{
    MatchingVersionDraft d;
    d.version = m_name->text().trimmed();
    for (int c = 0; c < compute::MatchComponentCount; ++c)
        d.params.weights[std::size_t(c)] = m_weights[std::size_t(c)]->value();
    d.params.threshold = m_threshold->value();
    d.params.topK = m_topK->value();
    d.notes = m_notes->toPlainText().trimmed();
    d.basedOn = m_basedOn;
    return d;
}

double VersionEditor::weightSum() const
{
    double sum = 0;
    for (const QDoubleSpinBox *box : m_weights)
        sum += box->value();
    return sum;
}

QString VersionEditor::problem() const
{
    const double sum = weightSum();
    if (std::abs(sum - 1.0) > SumTolerance)
        return tr("The weights sum to %1; they must sum to 1. Change them or press Normalise.")
            .arg(QLocale().toString(sum, 'f', 2));
    if (m_name->text().trimmed().isEmpty())
        return tr("Give the version a name.");
    return {};
}

bool VersionEditor::canSave() const
{
    return problem().isEmpty();
}

void VersionEditor::normalise()
{
    const double sum = weightSum();
    const double scale = std::pow(10.0, WeightDecimals);
    std::array<double, compute::MatchComponentCount> w {};
    double rounded = 0;
    std::size_t largest = 0;
    for (std::size_t c = 0; c < w.size(); ++c) {
        const double share = sum > 0 ? m_weights[c]->value() / sum : 1.0 / double(w.size());
        w[c] = std::round(share * scale) / scale;
        rounded += w[c];
        if (w[c] > w[largest])
            largest = c;
    }
    w[largest] = std::round((w[largest] + 1.0 - rounded) * scale) / scale;
    for (std::size_t c = 0; c < w.size(); ++c) {
        const QSignalBlocker blocker(m_weights[c]);
        m_weights[c]->setValue(w[c]);
    }
    updateState();
}

void VersionEditor::updateState()
{
    const double sum = weightSum();
    const bool sumOk = std::abs(sum - 1.0) <= SumTolerance;
    m_sum->setText(tr("Sum of the weights: %1").arg(QLocale().toString(sum, 'f', 2)));
    m_sum->setStyleSheet(sumOk ? QString() : QStringLiteral("color: #b00020; font-weight: bold;"));
    const QString why = problem();
    m_note->setText(why);
    m_note->setVisible(!why.isEmpty());
    m_save->setEnabled(why.isEmpty());
}
