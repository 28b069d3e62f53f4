#pragma once

#include "matching/matchrecords.h"

#include <QWidget>

#include <array>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

// The form that drafts a new matching version: six weights (0..1 in steps of 0.05) whose sum is shown as
// it changes and must be 1 before Save is enabled, the threshold, top-k (1..50), the version's name and
// notes. It never writes: Save hands the draft to whoever listens (the registry page saves it through
// the service, which checks it again).
class VersionEditor : public QWidget
{
    Q_OBJECT
public:
    explicit VersionEditor(QWidget *parent = nullptr);

    // Prefills from an existing version (its weights, threshold, top-k; the name "<version>-2" and notes
    // empty). A version without matching parameters starts from scratch instead.
    void startFrom(const RegistryVersion &version);
    // Every weight 0 (Normalise spreads them evenly), threshold 0.7, top-k 10.
    void startFromScratch();

    MatchingVersionDraft draft() const;
    double weightSum() const;
    bool canSave() const;
    QString problem() const; // the sentence the red note shows; empty when the draft can be saved

    QDoubleSpinBox *weightBox(int component) const { return m_weights[std::size_t(component)]; }
    QDoubleSpinBox *thresholdBox() const { return m_threshold; }
    QSpinBox *topKBox() const { return m_topK; }
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *notesEdit() const { return m_notes; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *normaliseButton() const { return m_normalise; }
    QLabel *noteLabel() const { return m_note; }

public Q_SLOTS:
    // Scales the weights to sum 1 (all zero: equal weights), rounded to the boxes' 4 decimals with the
    // rounding left on the largest, so the sum is exact.
    void normalise();

Q_SIGNALS:
    void saveRequested(const MatchingVersionDraft &draft);

private:
    void updateState();

    std::array<QDoubleSpinBox *, compute::MatchComponentCount> m_weights {};
    QLabel *m_sum;
    QLabel *m_note;
    QDoubleSpinBox *m_threshold;
    QSpinBox *m_topK;
    QLineEdit *m_name;
    QPlainTextEdit *m_notes;
    QPushButton *m_normalise;
    QPushButton *m_save;
    QString m_basedOn;
};
