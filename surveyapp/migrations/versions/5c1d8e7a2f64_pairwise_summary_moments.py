"""rating-cell vectors carry pairwise-complete moments: rebuild every cell from the responses

Revision ID: 5c1d8e7a2f64
Revises: 5c2d8e7f1a94
Create Date: 2026-12-02 00:10:00

`analysis.summarize` now stores, instead of the moments of complete rows, the moments of every
pair of criteria (and of each criterion with the overall rating) over the respondents who rated
both, so key drivers work under the quick form, where no response rates every criterion. The
vectors grow (19 criteria: 1637 -> 2626 numbers), so every stored cell is stale. This empties
the cells and the breakdown counts (the fold adds both for each queued response, so both must
start from zero) and queues every response, as `flask --app wsgi rebuild-summaries` does; the
next fold (before the first dashboard read, or the cron `fold-summaries`) rebuilds them.
Downgrade does the same, so the older code rebuilds its own layout.
"""
from alembic import op


revision = '5c1d8e7a2f64'
down_revision = '5c2d8e7f1a94'
branch_labels = None
depends_on = None


def _requeue_everything():
    op.execute("DELETE FROM rating_cells")
    op.execute("DELETE FROM breakdown_counts")
    op.execute("DELETE FROM pending_summaries")
    op.execute("INSERT INTO pending_summaries (response_id) SELECT id FROM responses")


def upgrade():
    _requeue_everything()


def downgrade():
    _requeue_everything()
