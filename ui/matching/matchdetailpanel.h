#pragma once

#include "matching/matchrecords.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QGridLayout;

// One proposal explained: who and for what, score, confidence and the version; each component's value,
// weight and contribution to the score; the strengths and gaps the engine recorded; the outcome flags.
class MatchDetailPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MatchDetailPanel(QWidget *parent = nullptr);

    // `params`: the weights of the row's version, when known.
    void show(const MatchCandidateRow &row, bool jobView, const std::optional<compute::MatchParams> &params);
    void clear();

    QString headingText() const;
    QStringList strengths() const { return m_strengthItems; }
    QStringList gaps() const { return m_gapItems; }

Q_SIGNALS:
    void otherProposalsRequested(const QUuid &freelancerId);
    void jobCandidatesRequested(const QUuid &jobId);

private:
    QLabel *m_heading;
    QLabel *m_summary;
    QGridLayout *m_components;
    QLabel *m_strengths;
    QLabel *m_gaps;
    QPushButton *m_other;
    QStringList m_strengthItems, m_gapItems;
    MatchCandidateRow m_row;
    bool m_jobView = true;
};
