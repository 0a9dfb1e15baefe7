"""The plan services' refusals (PlanError.reason) in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveyapp.services.plans import PlanError

MESSAGES = {
    "not_allowed": _l("You may not do this on this plan."),
    "bad_period": _l("Write a period as 2026-07, 2026-Q3, 2026 or 2026-01..2026-06."),
    "evaluation_before_baseline": _l("The evaluation period must start after the baseline."),
    "goal_required": _l("Write the plan's goal."),
    "not_below": _l("This component is not below the target in this period."),
    "not_editable": _l("The plan cannot be changed in its present state."),
    "own_plan": _l("Nobody may review their own plan."),
    "comment_required": _l("Say why the plan is returned."),
    "no_actions": _l("Add at least one action before submitting."),
    "no_evaluation_data": _l(
        "The evaluation period is not over yet, or it has too few answers to evaluate."
    ),
    "wrong_status": _l("The plan is not in the state this step needs."),
    "unknown_transition": _l("Unknown step."),
    "action_incomplete": _l("An action needs a description, an owner and a due date."),
    "bad_action_status": _l("Unknown action status."),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "returned": _l("Returned"),
    "approved": _l("Approved"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "evaluated": _l("Evaluated"),
}

TRANSITION_LABELS = {
    "submit": _l("Submit for approval"),
    "approve": _l("Approve"),
    "return": _l("Return with a comment"),
    "start": _l("Start the plan"),
    "complete": _l("Mark completed"),
    "evaluate": _l("Record the evaluation"),
}

HISTORY_LABELS = {
    "plan.open": _l("Plan opened"),
    "plan.edit": _l("Goal or periods changed"),
    "plan.action_add": _l("Action added"),
    "plan.action_status": _l("Action status changed"),
    "plan.submit": _l("Submitted"),
    "plan.approve": _l("Approved"),
    "plan.return": _l("Returned"),
    "plan.start": _l("Started"),
    "plan.complete": _l("Completed"),
    "plan.evaluate": _l("Evaluated"),
}


def reasons(error: Exception) -> list[str]:
    if isinstance(error, PlanError) and error.reason in MESSAGES:
        return [str(MESSAGES[error.reason])]
    return [_("Not saved: %(reason)s", reason=str(error))]
