#pragma once

#include "review/reviewrecords.h"

#include <QCoreApplication>

// The agreement report from the decisions in force (ReviewQueries::decisionsInForce): pure, any thread.
// Level-1 reviewers are compared on the items both decided (each reviewer's newest decision in force):
// Cohen's κ per pair, Fleiss' κ and Krippendorff's α (nominal) over every item with two or more of them, each
// with a seeded percentile bootstrap over items (compute/agreement.h). Per reviewer: decisions, throughput per
// active hour, approval rate and agreement with level 2 where level 2 decided the same item.
class ReviewAgreement
{
    Q_DECLARE_TR_FUNCTIONS(ReviewAgreement)

public:
    static AgreementReport compute(const QList<ReviewRecord> &decisions, int resamples = 1000);
    // One section per table (pairs, overall, reviewers), comma-separated, numbers with a dot.
    static QString csv(const AgreementReport &report);
};
