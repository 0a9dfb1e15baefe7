"""Small-number suppression on constructed breakdowns (NHS Friends and Family Test rule)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import suppress_small_cells


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # The FFT example: 232 - 80 - 150 would reveal 2, so 80 is hidden too.
        ([2, 80, 150], ["small", "complementary", ""]),
        ([12, 80, 150], ["", "", ""]),
        ([0, 5, 7], ["", "", ""]),
        ([4, 0, 9, 9], ["small", "", "complementary", ""]),
        # Ties at the smallest size: both small ones, and one cell of the next size.
        ([3, 3, 50, 80], ["small", "small", "complementary", ""]),
        # Two small cells already hide each other: only their sum can be worked out.
        ([2, 4, 60], ["small", "small", ""]),
        ([1], ["small"]),
        ([0, 0], ["", ""]),
    ],
)
def test_cells_of_one_parent(counts, expected):
    result = suppress_small_cells(counts)
    assert result.reason.tolist() == expected
    assert result.suppressed.tolist() == [reason != "" for reason in expected]


def test_each_parent_is_its_own_family():
    result = suppress_small_cells([3, 40, 50, 30, 60], ["u1", "u1", "u1", "u2", "u2"])
    assert result.reason.tolist() == ["small", "complementary", "", "", ""]


def test_level_by_level_with_a_suppressed_parent():
    units = suppress_small_cells([2, 120, 300])  # unit totals in the province
    assert units.reason.tolist() == ["small", "complementary", ""]
    procedures = np.array([1, 1, 70, 30, 20, 100, 200])
    unit_of = np.array([0, 0, 1, 1, 1, 2, 2])
    result = suppress_small_cells(procedures, unit_of, parent_suppressed=units.suppressed[unit_of])
    # Unit 1 (120) is hidden, so its two smallest procedures are too (20 and 30).
    assert result.reason.tolist() == ["small", "small", "", "parent", "parent", "", ""]


def test_no_hidden_value_can_be_worked_out_by_subtraction(rng):
    for _ in range(300):
        counts = rng.choice([0, 1, 2, 3, 4, 5, 8, 20, 60], size=rng.integers(1, 8))
        hidden = suppress_small_cells(counts).suppressed
        assert np.all(hidden[(counts > 0) & (counts < 5)])
        non_empty_hidden = np.count_nonzero(hidden & (counts > 0))
        # One hidden cell among several would follow from the total minus the shown cells.
        assert non_empty_hidden != 1 or np.count_nonzero(counts) == 1


@pytest.mark.parametrize(
    ("arguments", "options", "message"),
    [
        (([1.5, 3],), {}, "whole numbers"),
        (([-1, 3],), {}, "whole numbers"),
        (([[1, 3]],), {}, "one-dimensional"),
        (([1, 3], ["a"]), {}, "parent must have one key per cell"),
        (([1, 3],), {"threshold": 0}, "threshold"),
        (([1, 3],), {"parent_suppressed": [True]}, "one bool per cell"),
    ],
)
def test_suppression_rejects_bad_input(arguments, options, message):
    with pytest.raises(ValueError, match=message):
        suppress_small_cells(*arguments, **options)
