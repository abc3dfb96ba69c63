"""The published formulas as SQL over data/minyi.sqlite, printed on the open-data page.

Why SQL next to the Python that computes the site (minyi/stats.py): a reader should be
able to recompute the ranking and the dashboard rates from the open data alone, with a
tool of their choosing. The queries use only SQL that SQLite (sqlite3, Datasette) and
DuckDB both accept (`COUNT(*) FILTER`, window functions, no boolean sums). The test
(tests/test_opendata.py) runs them on the built file and compares with the published
ranking, so a change to a formula that is not made here too fails the build's tests.
"""

from __future__ import annotations

from minyi import lifecycle
from minyi.stats import SATISFIED


def _listed(values) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))


RANKING_SQL = f"""-- 部门工作评议：按公布的公式重算每个部门的得分和名次
WITH counts AS (
  SELECT d.id AS department,
         COUNT(s.id) AS assigned,                                         -- 承办件数
         COUNT(s.id) FILTER (WHERE s.answered_on_time = 1) AS on_time,    -- 按期首次答复
         COUNT(s.id) FILTER (WHERE s.first_answered IS NOT NULL AND s.deadline IS NOT NULL)
           + COUNT(s.id) FILTER (WHERE s.overdue = 1 AND s.first_answered IS NULL) AS judged, -- 已答复 + 未答复且已逾期
         COUNT(s.id) FILTER (WHERE s.satisfaction IN ({_listed(SATISFIED)})) AS satisfied,
         COUNT(s.id) FILTER (WHERE s.satisfaction IS NOT NULL) AS rated,  -- 已测评
         COUNT(s.id) FILTER (WHERE s.reopened > 0) AS reopened            -- 曾被重新办理
  -- 撤回、合并、不予受理的不计入部门的件数和比率
  FROM departments AS d LEFT JOIN suggestions AS s
    ON s.lead_department = d.id AND s.status NOT IN ({_listed(lifecycle.NOT_HANDLED)})
  WHERE d.ranked = 1
  GROUP BY d.id
), rates AS (
  SELECT *, 1.0 * on_time / NULLIF(judged, 0) AS on_time_rate,
            1.0 * satisfied / NULLIF(rated, 0) AS satisfaction_rate,
            COALESCE(1.0 * reopened / NULLIF(assigned, 0), 0) AS reopen_rate
  FROM counts
), scored AS (
  -- 没有已测评件数的部门不计满意率一项，其余两项的权重折算为 100
  SELECT *, ROUND(100 * (50 * on_time_rate + COALESCE(40 * satisfaction_rate, 0) + 10 * (1 - reopen_rate))
                  / (50 + CASE WHEN satisfaction_rate IS NULL THEN 0 ELSE 40 END + 10), 1) AS score,
         assigned >= (SELECT CAST(value AS INTEGER) FROM about WHERE key = 'min_cases_for_ranking')
           AND on_time_rate IS NOT NULL AS eligible
  FROM rates
)
-- 得分相同的名次并列（1、1、3），并列的按部门编号排列
SELECT CASE WHEN eligible THEN RANK() OVER (PARTITION BY eligible ORDER BY score DESC) END AS rank,
       department, assigned, on_time, judged, on_time_rate, satisfied, rated, satisfaction_rate,
       reopened, reopen_rate, score
FROM scored
ORDER BY rank IS NULL, rank, department"""

RATES_SQL = f"""-- 驾驶舱的比率：先数件数，再相除（百分比，保留一位小数）
WITH n AS (
  SELECT COUNT(*) AS received,                                                        -- 收到
         COUNT(*) FILTER (WHERE status NOT IN ({_listed(lifecycle.NOT_HANDLED)})) AS accepted, -- 受理
         COUNT(*) FILTER (WHERE status = 'closed') AS closed,                         -- 已办结
         COUNT(*) FILTER (WHERE status = 'closed' AND outcome = 'solved') AS solved,  -- 办结且已解决
         COUNT(*) FILTER (WHERE handled AND first_answered IS NOT NULL AND deadline IS NOT NULL) AS answered,
         COUNT(*) FILTER (WHERE handled AND answered_on_time = 1) AS on_time,         -- 按期首次答复
         COUNT(*) FILTER (WHERE handled AND overdue = 1) AS overdue,                  -- 当前逾期（含重新办理后逾期）
         COUNT(*) FILTER (WHERE handled AND overdue = 1 AND first_answered IS NULL) AS never_answered_overdue,
         COUNT(*) FILTER (WHERE handled AND satisfaction IS NOT NULL) AS rated,       -- 已测评
         COUNT(*) FILTER (WHERE handled AND satisfaction IN ({_listed(SATISFIED)})) AS satisfied
  -- 撤回、合并、不予受理的不计入比率
  FROM (SELECT *, status NOT IN ({_listed(lifecycle.NOT_HANDLED)}) AS handled FROM suggestions)
)
SELECT *,
       ROUND(100.0 * closed / NULLIF(accepted, 0), 1) AS closure_rate,                -- 办结率
       ROUND(100.0 * solved / NULLIF(closed, 0), 1) AS solved_of_closed,              -- 已办结中已解决的比例
       ROUND(100.0 * solved / NULLIF(accepted, 0), 1) AS solved_of_accepted,          -- 全部受理中已解决的比例
       ROUND(100.0 * on_time / NULLIF(answered + never_answered_overdue, 0), 1) AS on_time_rate, -- 分母：已答复 + 逾期从未答复
       ROUND(100.0 * satisfied / NULLIF(rated, 0), 1) AS satisfaction_rate            -- 满意率
FROM n"""

# Saved in the database, so `SELECT * FROM ranking_recomputed` needs no copying of queries.
VIEWS = {"ranking_recomputed": RANKING_SQL, "rates_recomputed": RATES_SQL}
