#!/usr/bin/python3
"""Reference recomputation of a Sextant fairness report's CSV from the SQLite workspace file.

usage: fairness_reference.py WORKSPACE.sqlite REPORT.csv MIN_GROUP_SIZE [K]

Written independently of the C++ code, from ../shared/domain/fairness-metrics.md: its own SQL for the counts
(one audit attribute), its own Wilson, Katz, Fisher, chi-square and Holm, and each job's ranking measures with
their mean, median and worst over the jobs (k = K, default 10). Python's standard library only
(numpy and scipy are not installed on the build machines). Every number of the CSV must agree to 1e-9;
prints each disagreement and exits 1 if there is any.
"""
import bisect
import csv
import math
import sqlite3
import sys

Z = 1.959964
TOL = 1e-9


def counts(db, stage, attribute):
    group = "COALESCE(a.value, '')"
    join = "LEFT JOIN ai_audit_attributes a ON a.user_id = {} AND a.attribute = ?"
    if stage == 'proposed':
        sql = (f"SELECT {group}, COUNT(*), SUM(EXISTS (SELECT 1 FROM ai_match_results m WHERE m.freelancer_id = p.user_id "
               f"AND m.superseded_at IS NULL)), 0, 0 FROM core_freelancer_profiles p JOIN auth_users u ON u.id = p.user_id "
               f"{join.format('p.user_id')} WHERE u.is_active = 1 GROUP BY 1")
    elif stage == 'approved_l1':
        sql = (f"SELECT {group}, COUNT(*), SUM(r.decision = 'approve'), SUM(m.was_hired = 1), "
               f"SUM(m.was_hired = 1 AND r.decision = 'approve') FROM ai_match_results m "
               f"JOIN ai_review_current r ON r.match_id = m.id AND r.level = 1 {join.format('m.freelancer_id')} "
               f"WHERE m.superseded_at IS NULL GROUP BY 1")
    elif stage == 'hired':
        sql = (f"SELECT {group}, COUNT(*), SUM(m.was_hired = 1), 0, 0 FROM ai_match_results m "
               f"{join.format('m.freelancer_id')} WHERE m.superseded_at IS NULL GROUP BY 1")
    else:
        raise SystemExit(f"stage {stage} is not covered by the reference")
    return {(g if g else '(not recorded)'): row for g, *row in db.execute(sql, (attribute,))}


def wilson(k, n):
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return p, max(0.0, c - h), min(1.0, c + h)


def log_choose(n, k):
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher(a, b, c, d):
    r1, r2, c1 = a + b, c + d, a + c
    lo, hi = max(0, c1 - r2), min(r1, c1)
    logp = lambda x: log_choose(r1, x) + log_choose(r2, c1 - x) - log_choose(r1 + r2, c1)
    obs = logp(a)
    rel = [math.exp(logp(x) - obs) for x in range(lo, hi + 1)]
    return min(1.0, sum(r for r in rel if r <= 1 + 1e-7) / sum(rel))


def test(a, b, c, d):
    n = a + b + c + d
    rows, cols = (a + b, c + d), (a + c, b + d)
    if any(r * s / n < 5 for r in rows for s in cols):
        return fisher(a, b, c, d), 'fisher'
    margins = rows[0] * rows[1] * cols[0] * cols[1]
    x2 = n * (a * d - b * c) ** 2 / margins
    return math.erfc(math.sqrt(x2 / 2)), 'chi2'


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    out, running, m = [0.0] * len(ps), 0.0, len(ps)
    for j, i in enumerate(order):
        running = max(running, min(1.0, (m - j) * ps[i]))
        out[i] = running
    return out


# The impact ratio's percentile bootstrap, written again from compute/fairnessbootstrap.h's description:
# SplitMix64 seeded from the counts, one uniform for the group then one for the reference per resample, a
# binomial drawn by inverting its CDF tabulated outward from the mode, the ceil(qB)-th smallest ratio.
M = (1 << 64) - 1
class SplitMix:
    def __init__(self, seed): self.s = seed & M
    def next(self):
        self.s = (self.s + 0x9e3779b97f4a7c15) & M
        z = self.s
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
        return z ^ (z >> 31)
    def uniform(self): return (self.next() >> 11) * (1.0 / 9007199254740992.0)
class Binomial:
    def __init__(self, k, n):
        self.fixed = k if k in (0, n) else None
        if self.fixed is not None: return
        p = k / n; odds = p / (1 - p)
        mode = min(n, math.floor((n + 1) * p))
        down = []; up = [1.0]; w = 1.0
        for j in range(mode, 0, -1):
            w = w * j / (n - j + 1) / odds
            if w < 1e-17: break
            down.append(w)
        w = 1.0
        for j in range(mode, n):
            w = w * (n - j) / (j + 1) * odds
            if w < 1e-17: break
            up.append(w)
        self.low = mode - len(down); self.cum = []; s = 0.0
        for v in list(reversed(down)) + up:
            s += v; self.cum.append(s)
    def draw(self, u):
        if self.fixed is not None: return self.fixed
        return self.low + bisect.bisect_right(self.cum, u * self.cum[-1])
def seed(kg, ng, kr, nr):
    s = kg
    for v in (ng, kr, nr): s = ((s * 1000003) & M) ^ v
    return s
def bootstrap_impact(kg, ng, kr, nr, B=2000, sd=None):
    r = SplitMix(seed(kg, ng, kr, nr) if sd is None else sd)
    g, ref = Binomial(kg, ng), Binomial(kr, nr); out = []
    for _ in range(B):
        a = g.draw(r.uniform()); b = ref.draw(r.uniform())
        if b == 0:
            if a > 0: out.append(math.inf)
            continue
        out.append((a / ng) / (b / nr))
    out.sort(); m = len(out)
    lo = (25 * m + 999) // 1000; hi = (975 * m + 999) // 1000
    return (kg / ng) / (kr / nr), out[max(lo, 1) - 1], out[max(hi, 1) - 1]


def expected_rows(db, stage, attribute, minimum):
    c = counts(db, stage, attribute)
    eligible = sorted(g for g, (n, k, _, _) in c.items() if n >= minimum and n > 0)
    ref = None
    for g in eligible:  # the highest rate; a tie keeps the earlier label
        if ref is None or c[g][1] * c[ref][0] > c[ref][1] * c[g][0]:
            ref = g
    rows, tested = {}, []
    for g in sorted(c):
        n, k, pos, possel = c[g]
        if g not in eligible:
            rows[g] = {'n': '', 'selected': 'suppressed'}
            continue
        nr, kr, posr, poselr = c[ref]
        rate, lo, hi = wilson(k, n)
        row = {'n': n, 'selected': k, 'rate': rate, 'rate_low': lo, 'rate_high': hi, 'reference': int(g == ref)}
        if g == ref:
            row.update(impact_ratio=1.0, parity_difference=0.0, four_fifths_flag=0)
        else:
            di = rate / (kr / nr)
            row['impact_ratio'] = di
            if k > 0 and kr > 0:
                se = math.sqrt(1 / k - 1 / n + 1 / kr - 1 / nr)
                row['impact_low'], row['impact_high'] = math.exp(math.log(di) - Z * se), math.exp(math.log(di) + Z * se)
            if kr > 0:
                _, row['impact_boot_low'], row['impact_boot_high'] = bootstrap_impact(k, n, kr, nr)
            row['four_fifths_flag'] = int(di < 0.8 or di > 1.25)
            row['parity_difference'] = rate - kr / nr
            row['p_value'], row['test'] = test(k, n - k, kr, nr - kr)
            tested.append(g)
        if stage == 'approved_l1' and pos > 0 and posr > 0:
            row['equal_opportunity_difference'] = possel / pos - poselr / posr
        rows[g] = row
    for g, p in zip(tested, holm([rows[g]['p_value'] for g in tested])):
        rows[g]['p_adjusted'] = p
    return rows


# The per-job ranking measures, from the definitions: each job's current proposals ranked by a job's run (ranking
# 1..50) best first; position weight 1/log2(1 + j); skew@k = ln(share in the top k / share in the job); NDKL the
# prefixes' KL divergence from the job's shares weighted by 1/log2(i + 1) over the weights' sum; rND of the
# protected group cut every 10 positions (every 2 below 20) over its largest value (the group all first or all
# last). A job is measured with at least k proposals, some of the protected group and some of another.
def job_rankings(db, attribute):
    rows = db.execute(
        "SELECT m.job_id, m.score, COALESCE(a.value, '') FROM ai_match_results m LEFT JOIN ai_audit_attributes a "
        "ON a.user_id = m.freelancer_id AND a.attribute = ? WHERE m.superseded_at IS NULL AND m.ranking BETWEEN 1 "
        "AND 50 AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT id FROM ai_match_runs WHERE scope = 'freelancer')) "
        "ORDER BY m.job_id, m.ranking", (attribute,))
    jobs = {}
    for job, score, value in rows:
        jobs.setdefault(job, []).append((value if value else '(not recorded)', score))
    return jobs


def measure(ranking, k, protected, reference):
    n = len(ranking)
    labels = [g for g, _ in ranking]
    share = {g: labels.count(g) / n for g in set(labels)}
    weight = [1 / math.log2(1 + j) for j in range(1, n + 1)]
    exposure = {g: sum(weight[j] for j in range(n) if labels[j] == g) / labels.count(g) for g in share}
    merit = {g: sum(s for h, s in ranking if h == g) / labels.count(g) for g in share}
    top = labels[:k]
    skew = {g: math.log((top.count(g) / k) / share[g]) if top.count(g) else -math.inf for g in share}
    ratio = {}
    if reference in share:
        for g in share:
            ratio[g] = (exposure[g] / merit[g]) / (exposure[reference] / merit[reference]) \
                if merit[g] > 0 and merit[reference] > 0 and exposure[reference] > 0 else math.nan
    total = 0.0
    for i in range(1, n + 1):
        prefix = labels[:i]
        total += weight[i - 1] * sum(prefix.count(g) / i * math.log(prefix.count(g) / i / share[g]) for g in set(prefix))
    ndkl = total / sum(weight)
    step = 10 if n >= 20 else 2
    p = labels.count(protected)
    def rnd_sum(order):
        return sum(abs(order[:i].count(protected) / i - p / n) / math.log2(i) for i in range(step, n + 1, step))
    most = max(rnd_sum([protected] * p + [None] * (n - p)), rnd_sum([None] * (n - p) + [protected] * p))
    rnd = rnd_sum(labels) / most if most > 0 else 0.0
    return {'ndkl': ndkl, 'rnd': rnd, 'skew': skew, 'exposure': exposure, 'ratio': ratio, 'groups': share}


def spread(values, low_is_worse):
    values = sorted(v for v in values if not math.isnan(v))
    if not values:
        return {'jobs_mean': '', 'jobs_median': '', 'jobs_worst': '', 'jobs': 0, 'jobs_infinite': 0}
    m = len(values) // 2
    finite = [v for v in values if not math.isinf(v)]
    return {'jobs_mean': sum(finite) / len(finite) if finite else '',
            'jobs_median': values[m] if len(values) % 2 else values[m - 1] / 2 + values[m] / 2,
            'jobs_worst': values[0] if low_is_worse else values[-1], 'jobs': len(values),
            'jobs_infinite': len(values) - len(finite)}


def check_per_job(db, lines, per_job, minimum, k, problems):
    if not per_job:
        return 0
    attribute = per_job[0]['attribute']
    protected = next(l['group'][4:] for l in per_job if l['group'].startswith('rnd:'))
    main_stage = lines[0]['stage']
    reference = next((l['group'] for l in lines if l['stage'] == main_stage and l.get('reference') == '1'), None)
    jobs = job_rankings(db, attribute)
    ranked = {}
    for ranking in jobs.values():
        for g, _ in ranking:
            ranked[g] = ranked.get(g, 0) + 1
    compared = sorted(g for g, n in ranked.items() if n >= minimum)
    if reference not in ranked:
        reference = max(sorted(ranked), key=lambda g: ranked[g])
    counts = {'measured': 0, 'not_measured_fewer_than_k': 0, 'not_measured_no_protected': 0,
              'not_measured_only_protected': 0}
    measured = []
    for ranking in jobs.values():
        labels = [g for g, _ in ranking]
        if len(labels) < k:
            counts['not_measured_fewer_than_k'] += 1
        elif protected not in labels:
            counts['not_measured_no_protected'] += 1
        elif all(g == protected for g in labels):
            counts['not_measured_only_protected'] += 1
        else:
            counts['measured'] += 1
            measured.append(measure(ranking, k, protected, reference))
    expected = {name: {'jobs': n, 'jobs_infinite': ''} for name, n in counts.items()}
    expected['ndkl'] = spread([m['ndkl'] for m in measured], False)
    expected['rnd:' + protected] = spread([m['rnd'] for m in measured], False)
    expected['skew_at_k:' + protected] = spread([m['skew'][protected] for m in measured], True)
    expected['exposure_to_merit:' + protected] = spread([m['ratio'].get(protected, math.nan) for m in measured], True)
    for g in compared:
        present = [m for m in measured if g in m['groups']]
        expected['group_skew_at_k:' + g] = spread([m['skew'][g] for m in present], True)
        expected['group_exposure:' + g] = spread([m['exposure'][g] for m in present], True)
        expected['group_exposure_to_merit:' + g] = spread([m['ratio'].get(g, math.nan) for m in present], True)
    checked = 0
    for line in per_job:
        want = expected.pop(line['group'], None)
        if want is None:
            problems.append(f"ranking_per_job {line['group']}: not a measure of the reference")
            continue
        for column in ('jobs_mean', 'jobs_median', 'jobs_worst', 'jobs', 'jobs_infinite'):
            value, target = line[column], want.get(column, '')
            if isinstance(target, float) and not math.isinf(target):
                ok = value != '' and abs(float(value) - target) <= TOL
            elif isinstance(target, float):
                ok = value == ('-inf' if target < 0 else 'inf')
            else:
                ok = value == str(target)
            if not ok:
                problems.append(f"ranking_per_job {line['group']} {column}: CSV {value!r}, reference {target!r}")
            checked += 1
    for name in expected:
        problems.append(f"ranking_per_job {name}: missing from the CSV")
    return checked


def main():
    workspace, report, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    db = sqlite3.connect(workspace)
    problems, checked = [], 0
    with open(report, newline='', encoding='utf-8') as f:
        lines = list(csv.DictReader(f))
    cache = {}
    per_job = [line for line in lines if line['stage'] == 'ranking_per_job']
    lines = [line for line in lines if line['stage'] != 'ranking_per_job']
    checked += check_per_job(db, lines, per_job, minimum, k, problems)
    for line in lines:
        key = (line['stage'], line['attribute'])
        if key not in cache:
            cache[key] = expected_rows(db, line['stage'], line['attribute'], minimum)
        expected = cache[key].get(line['group'])
        if expected is None:
            problems.append(f"{key} {line['group']}: not a group of the reference")
            continue
        for column, value in line.items():
            if column in ('stage', 'attribute', 'group'):
                continue
            want = expected.get(column, '')
            if isinstance(want, float):
                if value == '' or abs(float(value) - want) > TOL:
                    problems.append(f"{key} {line['group']} {column}: CSV {value!r}, reference {want!r}")
            elif str(want) != value:
                problems.append(f"{key} {line['group']} {column}: CSV {value!r}, reference {want!r}")
            checked += 1
        del cache[key][line['group']]
    for key, rest in cache.items():
        for g in rest:
            problems.append(f"{key} {g}: missing from the CSV")
    for p in problems:
        print(p)
    print(f"{checked} cells checked against the reference, {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
