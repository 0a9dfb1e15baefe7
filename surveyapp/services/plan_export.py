"""The reviewer's view as an XLSX workbook: plans, actions, flags without a plan, verdicts.
Column names are English codes; values in Vietnamese as stored. A handful of rows, so the
workbook is built in memory (XlsxWriter, as services/exports.py)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import xlsxwriter

from surveyapp.models import Plan, PlanAction
from surveyapp.services.plan_lists import Flag

PLAN_COLUMNS = [
    "plan_id", "unit_code", "unit", "component", "status", "goal", "flagged_period",
    "flagged_index", "flagged_n", "flagged_status", "baseline_period", "evaluation_period",
    "actions", "overdue_actions", "created_by", "review_comment",
]  # fmt: skip
ACTION_COLUMNS = [
    "plan_id", "unit_code", "component", "action_id", "description", "owner", "due_on",
    "status", "overdue",
]  # fmt: skip
FLAG_COLUMNS = ["unit_id", "unit", "component", "index", "n", "ci_low", "ci_high", "status"]
VERDICT_COLUMNS = [
    "plan_id", "unit_code", "component", "baseline_period", "evaluation_period", "verdict",
    "change", "change_low", "change_high", "change_pvalue", "comparison_change",
    "comparison_units", "did", "did_low", "did_high", "did_pvalue", "change_verdict",
]  # fmt: skip


@dataclass(frozen=True)
class ReviewerView:
    plans: list[Plan]
    overdue: list[PlanAction]
    flags: list[Flag]
    today: date


def _plan_row(plan: Plan, today: date) -> list:
    index = plan.evidence.get("index", {})
    return [
        plan.id, plan.unit.code, plan.unit.name, plan.component, plan.status, plan.goal,
        plan.flagged_period, index.get("estimate"), index.get("n"), index.get("status"),
        plan.baseline_period, plan.evaluation_period, len(plan.actions),
        sum(action.overdue(today) for action in plan.actions), plan.created_by.username,
        plan.review_comment or "",
    ]  # fmt: skip


def _action_row(action: PlanAction, today: date) -> list:
    plan = action.plan
    return [
        plan.id, plan.unit.code, plan.component, action.id, action.description, action.owner,
        action.due_on.isoformat(), action.status, "yes" if action.overdue(today) else "no",
    ]  # fmt: skip


def _flag_row(flag: Flag) -> list:
    f = flag.figure
    return [flag.unit_id, flag.unit_name, flag.component, f.estimate, f.n, f.ci_low, f.ci_high,
            f.status]  # fmt: skip


def _verdict_row(plan: Plan) -> list:
    found = plan.evaluation
    change, did = found["change"], found["difference_in_differences"]
    return [
        plan.id, plan.unit.code, plan.component, plan.baseline_period, plan.evaluation_period,
        found["verdict"], change["difference"], change["low"], change["high"], change["pvalue"],
        found["comparison_change"]["difference"], found["comparison_units"], did["difference"],
        did["low"], did["high"], did["pvalue"], found["change_verdict"],
    ]  # fmt: skip


def _sheet(workbook, bold, name: str, columns: list[str], rows: Iterable[list]) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, columns, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)


def reviewer_xlsx(view: ReviewerView) -> io.BytesIO:
    """The workbook, at position 0."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    evaluated = [plan for plan in view.plans if plan.evaluation]
    _sheet(workbook, bold, "plans", PLAN_COLUMNS, (_plan_row(p, view.today) for p in view.plans))
    actions = [action for plan in view.plans for action in plan.actions]
    _sheet(workbook, bold, "actions", ACTION_COLUMNS, (_action_row(a, view.today) for a in actions))
    _sheet(workbook, bold, "overdue", ACTION_COLUMNS,
           (_action_row(a, view.today) for a in view.overdue))  # fmt: skip
    _sheet(workbook, bold, "flags_without_plan", FLAG_COLUMNS, map(_flag_row, view.flags))
    _sheet(workbook, bold, "verdicts", VERDICT_COLUMNS, map(_verdict_row, evaluated))
    workbook.close()
    output.seek(0)
    return output
