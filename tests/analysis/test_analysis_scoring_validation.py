"""score() rejects bad arguments with a ValueError that names what is accepted."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import score

RATINGS = np.array([[5.0, 4.0, 2.0], [4.0, np.nan, 5.0], [1.0, 3.0, 4.0]])
COMPONENTS = ["A", "A", "B"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ratings": [5, 4, 3]}, "two-dimensional"),
        ({"ratings": [[5, 4, 6]] * 3}, "1-5 scale"),
        ({"ratings": [[0, 4, 3]] * 3}, "1-5 scale"),
        ({"ratings": [[np.inf, 4, 3]] * 3}, "1-5 scale"),
        ({"ratings": np.empty((3, 0)), "components": []}, "at least one column"),
        ({"components": ["A", "B"]}, r"one code per ratings column \(3\)"),
        ({"components": "AAB"}, "sequence"),
        ({"criteria": ["x", "x", "y"]}, "unique"),
        ({"criteria": ["x", "y"]}, "criteria must have one code"),
        ({"domains": {"A": "D1"}}, r"no domain for components \['B'\]"),
        ({"domains": ["D1", "D2"]}, "mapping from component code to domain code"),
        ({"groups": [1, 2]}, r"one key per respondent \(3\)"),
        ({"groups": np.array([1, None, "x"], dtype=object)}, "sortable"),
        ({"groups": ()}, "non-empty tuple"),
        ({"groups": ([1, 2, 3], [1, 2])}, r"groups\[1\] must have one key"),
        ({"weights": [1.0, -1.0, 1.0]}, "non-negative"),
        ({"weights": [1.0, np.nan, 1.0]}, "finite"),
        ({"weights": [1.0, 1.0]}, "one value per respondent"),
        ({"target": 1.2}, "target must be a number strictly between 0 and 1"),
        ({"target": 0}, "target"),
        ({"min_n": -1}, "min_n must be a whole number >= 0"),
        ({"min_n": 2.5}, "min_n"),
        ({"satisfied_min": 6}, "satisfied_min must be a rating between 1 and 5"),
        ({"satisfied_min": "4"}, "satisfied_min"),
        ({"confidence_level": 95}, "confidence_level must be a number strictly between 0 and 1"),
        ({"overall": "mean"}, "overall must be one of 'domains', 'components'"),
        ({"significance_level": 0.0}, "significance_level"),
    ],
)
def test_score_rejects_invalid_arguments(changes, message):
    arguments = {"ratings": RATINGS, "components": COMPONENTS} | changes
    ratings, components = arguments.pop("ratings"), arguments.pop("components")
    with pytest.raises(ValueError, match=message):
        score(ratings, components, **arguments)


def test_score_accepts_lists_integers_and_float32():
    as_list = score([[5, 4, 2], [4, None, 5], [1, 3, 4]], COMPONENTS, min_n=1)
    as_float32 = score(RATINGS.astype(np.float32), COMPONENTS, min_n=1)
    as_int = score(np.nan_to_num(RATINGS, nan=1).astype(np.int8), COMPONENTS, min_n=1)
    reference = score(RATINGS, COMPONENTS, min_n=1)
    np.testing.assert_array_equal(as_list["estimate"], reference["estimate"])
    np.testing.assert_array_equal(as_float32["estimate"], reference["estimate"])
    assert as_int["n"][1] == 3
