"""The score table: a light, immutable, columnar result (a dict of equally long arrays)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from analysis._inference import NOISE

COLUMNS = (
    "group",
    "level",
    "code",
    "estimate",
    "n",
    "se",
    "ci_low",
    "ci_high",
    "pvalue",
    "qvalue",
    "status",
)
LEVELS = ("criterion", "component", "domain", "overall")
STATUSES = ("meets", "below", "significantly_below", "insufficient")


@dataclass(frozen=True, repr=False)
class ScoreTable:
    """Rows of a SIPAS score, stored by column.

    Columns are read-only NumPy arrays of equal length (writeable inputs are copied), read by
    name (``table["estimate"]``);
    ``rows()`` builds one dict per row only when asked. ``dict(table.columns)`` or
    ``table.as_dict()`` can be handed to ``pandas.DataFrame``.

    Attributes
    ----------
    columns : Mapping[str, ndarray]
        ``group`` (object: the key as given, None without groups), ``level``
        (``"criterion"``, ``"component"``, ``"domain"``, ``"overall"``), ``code``,
        ``estimate``, ``n`` (int), ``se``, ``ci_low``, ``ci_high``, ``pvalue``, ``qvalue`` and
        ``status`` (``"meets"``, ``"below"``, ``"significantly_below"``, ``"insufficient"``).

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import ScoreTable
    >>> table = ScoreTable({"code": np.array(["a", "b"]), "estimate": np.array([0.5, 0.9])})
    >>> len(table), table["estimate"].tolist()
    (2, [0.5, 0.9])
    >>> table.rows()
    [{'code': 'a', 'estimate': 0.5}, {'code': 'b', 'estimate': 0.9}]
    """

    columns: Mapping[str, np.ndarray]

    def __post_init__(self) -> None:
        frozen = {name: read_only(values) for name, values in self.columns.items()}
        if len({array.shape for array in frozen.values()}) > 1:
            raise ValueError("all columns of a ScoreTable must have the same length")
        object.__setattr__(self, "columns", MappingProxyType(frozen))

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.columns[name]
        except KeyError:
            raise KeyError(f"no column {name!r}; columns are {list(self.columns)}") from None

    def __len__(self) -> int:
        return next(iter(self.columns.values())).shape[0] if self.columns else 0

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __repr__(self) -> str:
        return f"ScoreTable(rows={len(self)}, columns={list(self.columns)})"

    def rows(self) -> list[dict[str, object]]:
        """One dict per row with Python scalars (float, int, str, the group key)."""
        names = list(self.columns)
        values = [self.columns[name].tolist() for name in names]
        return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]

    def as_dict(self) -> dict[str, np.ndarray]:
        """The columns as a plain dict of arrays (for ``pandas.DataFrame``)."""
        return dict(self.columns)


def read_only(values: object) -> np.ndarray:
    """*values* as a read-only array: read-only arrays are shared, anything else is copied."""
    array = np.asarray(values)
    if array.flags.writeable:
        array = array.copy()
        array.flags.writeable = False
    return array


def classify(
    estimate: np.ndarray,
    n: np.ndarray,
    qvalue: np.ndarray,
    target: float,
    min_n: int,
    significance_level: float,
) -> np.ndarray:
    """Status of each cell, in order of precedence.

    ``insufficient`` (n < min_n, or no estimate), ``meets`` (estimate >= target, allowing
    for floating-point noise), ``significantly_below`` (q < significance_level), otherwise
    ``below``.
    """
    insufficient = (n < min_n) | np.isnan(estimate)
    meets = estimate >= target - NOISE
    significant = qvalue < significance_level
    return np.select(
        [insufficient, meets, significant],
        ["insufficient", "meets", "significantly_below"],
        default="below",
    )
