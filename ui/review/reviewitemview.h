#pragma once

#include "review/reviewrecords.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QGridLayout;
class QLabel;
class QProgressBar;

// A neighbour of the item under review, for the strips: another candidate of the same job, or another
// job proposed to the same freelancer.
struct ReviewStripEntry
{
    QUuid matchId;
    int ranking = 0;
    QString who; // the freelancer (job strip) or the job (freelancer strip)
    double score = 0;
    QString decision; // approve | reject | flag, empty when nobody decided
};

// One proposed match side by side: the job (title, description, budget, required skills, region, bias
// badge) beside the freelancer (title, bio, skills with the job's matched ✓ and missing ✗, rate,
// experience, success rate, region, timezone); each component as a bar with its weight and what it adds;
// strengths and gaps; rank and score; strips with the job's other candidates and the freelancer's other
// proposals; and the decisions so far (level 2 reads level 1's here). Its widgets are made once and only
// refilled, so the page can fill a hidden one ahead of the key press.
class ReviewItemView : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewItemView(QWidget *parent = nullptr);

    // `weights`: the weights of the item's version, when known; `reasons`: code → label for the decisions.
    void setItem(const ReviewItem &item, const std::optional<std::array<double, compute::MatchComponentCount>> &weights,
        const QHash<QString, QString> &reasons);
    void setJobCandidates(const QList<ReviewStripEntry> &entries);
    // `more`: the freelancer has further proposals than the entries shown (the strip shows the best few).
    void setFreelancerProposals(const QList<ReviewStripEntry> &entries, bool more = false);
    // A strip that could not be read (the server gone, a refused role): the reason in its place, not "loading…".
    void setJobCandidatesUnavailable(const QString &reason);
    void setFreelancerProposalsUnavailable(const QString &reason);
    void clear(const QString &message);

    QUuid matchId() const { return m_item.matchId; }
    const ReviewItem &item() const { return m_item; }
    // The texts as shown, for tests and the accessibility tree.
    QString jobText() const;
    QString freelancerText() const;
    QString decisionsText() const;
    QString jobCandidatesText() const;

private:
    QWidget *createJobPanel();
    QWidget *createFreelancerPanel();
    QWidget *createExplanation();
    QString stripHtml(const QList<ReviewStripEntry> &entries, const QString &none) const;
    QString unavailableHtml(const QString &reason) const;

    ReviewItem m_item;
    QLabel *m_heading;
    QLabel *m_jobTitle, *m_jobBadge, *m_jobFacts, *m_jobSkills, *m_jobDescription;
    QLabel *m_freelancerName, *m_freelancerFacts, *m_freelancerSkills, *m_freelancerBio;
    std::array<QProgressBar *, compute::MatchComponentCount> m_bars {};
    std::array<QLabel *, compute::MatchComponentCount> m_weights {}, m_adds {};
    QLabel *m_strengths, *m_gaps;
    QLabel *m_candidates, *m_proposals;
    QLabel *m_decisionsTitle, *m_decisions;
    QWidget *m_body;
};
