#pragma once

#include "compute/matchengine.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <array>
#include <optional>

// Value structs of the review room: they cross threads by value and hold no SQL.

// A reviewer's verdict on one proposed match. Stored in ai.match_reviews.decision as approve | reject | flag.
enum class ReviewDecision { Approve, Reject, Flag };
QString decisionKey(ReviewDecision decision);
std::optional<ReviewDecision> decisionFromKey(const QString &key);

// Where an item stands for the reviewer asking:
//  Unreviewed     no current decision and no live lease held by someone else
//  Mine           leased by the asking reviewer (and not yet decided by them)
//  Flagged        its current level-1 decision is flag, waiting for level 2
//  WaitingLevel2  routed to level 2 (flagged, level-1 disagreement or the sample) without a level-2 decision
//  Decided        final: a level-2 decision, or a level-1 decision that needs no level 2
enum class ReviewState { Unreviewed, Mine, Flagged, WaitingLevel2, Decided };
QString stateKey(ReviewState state);
std::optional<ReviewState> stateFromKey(const QString &key);

// One entry of the configurable reason list (ai.review_reason_codes), ordered by position.
struct ReasonCode
{
    QString code; // stable key stored with the review, e.g. "skills_gap"
    QString label; // what the operator reads (as configured; the seeds are English)
    ReviewDecision appliesTo = ReviewDecision::Approve;
    int position = 0; // order in the list, so digits 1..9 stay put
};

// What the queue is filtered by; an empty string does not filter.
struct ReviewQueueFilter
{
    QString region;
    QString category;
    QString modelVersion;
    double scoreMin = 0;
    double scoreMax = 1;
    bool biasFlagOnly = false;
    std::optional<ReviewState> state; // nullopt: every state
    int level = 1; // 1: the level-1 queue; 2: only items routed to level 2
    int limit = 200;
};

// One decision as ai.match_reviews stores it. Append-only: undo is a record whose `supersedes` names the
// record it cancels (its decision repeats the cancelled one's and means nothing on its own).
struct ReviewRecord
{
    QUuid id; // made by the client, so a journalled decision is written once whatever the retries
    QUuid matchId;
    QString reviewer;
    ReviewDecision decision = ReviewDecision::Approve;
    QString reasonCode;
    QString note;
    QDateTime decidedAt;
    int level = 1;
    QUuid supersedes; // null: a decision; set: the undo of that record
    QDateTime leaseClaimedAt; // the lease the decision was made under (null: none); a takeover is a conflict

    bool isUndo() const { return !supersedes.isNull(); }
};

// One proposed match in the queue: current proposals (superseded_at IS NULL), grouped by job, ranking order.
struct ReviewItem
{
    QUuid matchId;
    QUuid jobId;
    QUuid freelancerId;
    int ranking = 0;
    double score = 0;
    double confidence = 0;
    std::array<double, compute::MatchComponentCount> components {}; // NaN where the row has none
    QJsonObject factors; // strengths, gaps, items (MatchFactors::describe)
    QString modelVersion;

    QString jobTitle, jobDescription, jobRegion, jobCategory, jobExperienceLevel;
    double jobBudget = 0;
    QStringList jobSkills;
    bool jobBiasPending = false;

    QString freelancerName, freelancerTitle, freelancerBio, freelancerLocation, freelancerTimezone;
    QStringList freelancerSkills;
    double hourlyRate = 0;
    double successRate = 0;
    int experienceYears = 0;

    QString leasedBy; // empty: no live lease
    QDateTime leaseExpires;
    ReviewState state = ReviewState::Unreviewed;
    bool doubleReview = false; // one of the agreement sample: a second level-1 reviewer decides it blind
    bool routedToLevel2 = false;
    // The current (not undone) decisions so far, oldest first. The level-1 queue shows only the asking
    // reviewer's own (blind double review); the level-2 queue shows all of level 1's.
    QList<ReviewRecord> decisions;
};

struct ReviewCounts
{
    int unreviewed = 0;
    int mine = 0;
    int flagged = 0;
    int waitingLevel2 = 0;
    int decided = 0;
};

// A journalled decision that no longer applies: the item got a final level-2 decision meanwhile, or its
// lease was taken over by another reviewer. Kept (not dropped) so the operator sees both decisions.
struct ReviewConflict
{
    ReviewRecord mine;
    std::optional<ReviewRecord> theirs;
    QString reason; // translated sentence
};

// Cohen's κ of one pair of level-1 reviewers over the items both decided.
struct PairAgreement
{
    QString reviewerA, reviewerB;
    int items = 0;
    double kappa = 0, low = 0, high = 0; // bootstrap 95 % interval; NaN when undefined (one category only)
    double standardError = 0; // large-sample, Fleiss, Cohen & Everitt (1969)
};

struct ReviewerStats
{
    QString reviewer;
    int decisions = 0;
    double perHour = 0; // decisions per active hour (gaps over 10 minutes are breaks)
    double approvalRate = 0;
    int level2Compared = 0; // items this reviewer decided at level 1 that level 2 decided too
    double level2Agreement = 0; // share of those where level 2 agreed; NaN without any
};

struct AgreementReport
{
    QList<PairAgreement> pairs;
    int items = 0; // items with two or more level-1 decisions
    double fleissKappa = 0, fleissLow = 0, fleissHigh = 0; // NaN when undefined
    double alpha = 0, alphaLow = 0, alphaHigh = 0; // Krippendorff's α (nominal), bootstrap 95 %
    QList<ReviewerStats> reviewers;
};

// The review settings (ai.review_settings), with their defaults.
struct ReviewSettings
{
    double level2SampleRate = 0.05; // share of undisputed level-1 decisions routed to level 2
    double doubleReviewShare = 0.10; // share of items reviewed independently by two level-1 reviewers
    int leaseMinutes = 15;
};

// What the connected role may do in the review console, read from the database (the UI disables the rest; the
// database refuses it anyway). A local file: everything.
struct ReviewAccess
{
    QString reviewer; // the name decisions are recorded under (the database role on PostgreSQL)
    bool canDecide = true; // level 1: sextant_reviewer and above
    bool canDecideLevel2 = true; // sextant_reviewer_l2, admins, the owner
    bool isAdmin = true; // releases anyone's leases, edits settings and reason codes
};

Q_DECLARE_METATYPE(ReviewConflict)
