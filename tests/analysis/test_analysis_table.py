"""ScoreTable: columns by name, rows as dicts, group keys as given, immutability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import ScoreTable, score
from analysis.table import COLUMNS, STATUSES


@pytest.fixture
def grouped_table(survey):
    months = np.tile([1, 2], len(survey.groups) // 2)
    return score(survey.ratings, survey.components, groups=(survey.groups, months))


def test_score_table_columns_and_rows(grouped_table):
    assert list(grouped_table) == list(COLUMNS)
    assert len(grouped_table) == 3 * 2 * (19 + 5 + 1)
    rows = grouped_table.rows()
    assert len(rows) == len(grouped_table)
    first = rows[0]
    assert list(first) == list(COLUMNS)
    assert first["group"] == ("desk-a", 1) and first["level"] == "criterion"
    assert type(first["estimate"]) is float and type(first["n"]) is int
    assert type(first["code"]) is str and first["status"] in STATUSES
    assert grouped_table["estimate"].dtype == float and grouped_table["n"].dtype == np.int64


def test_score_table_groups_are_sorted_keys_as_given(survey):
    desks = np.where(survey.groups == "desk-a", 30, 10)
    table = score(survey.ratings, survey.components, groups=desks)
    keys = list(dict.fromkeys(table["group"].tolist()))
    assert keys == [10, 30] and all(type(key) is int for key in keys)
    assert score(survey.ratings, survey.components)["group"].tolist() == [None] * 25


def test_score_table_is_read_only(grouped_table):
    with pytest.raises(ValueError, match="read-only"):
        grouped_table["estimate"][0] = 1.0
    with pytest.raises(TypeError):
        grouped_table.columns["estimate"] = np.zeros(3)
    with pytest.raises(AttributeError):
        grouped_table.columns = {}


def test_score_table_unknown_column_names_the_columns(grouped_table):
    with pytest.raises(KeyError, match="columns are"):
        grouped_table["mean"]


def test_score_table_feeds_pandas(grouped_table):
    frame = pd.DataFrame(grouped_table.as_dict())
    assert frame.shape == (len(grouped_table), len(COLUMNS))
    assert repr(grouped_table) == f"ScoreTable(rows={len(grouped_table)}, columns={list(COLUMNS)})"


def test_score_table_requires_equal_lengths():
    with pytest.raises(ValueError, match="same length"):
        ScoreTable({"a": np.zeros(2), "b": np.zeros(3)})


@pytest.mark.parametrize(
    "keys",
    [
        np.array([-100, 100, -100, 27], dtype=np.int8),
        np.array([2**64 - 1, 2**64 - 3, 2**64 - 1, 5], dtype=np.uint64),
        np.array([True, False, True, True]),
        np.array([10**15, -(10**15), 10**15, 3]),
        np.array([0.5, np.nan, 0.5, -1.0]),
        ["b", "a", "b", "c"],
    ],
    ids=["int8", "uint64", "bool", "wide-int64", "float-nan", "str"],
)
def test_score_groups_any_sortable_key_type(keys):
    ratings = np.array([[5.0, 4.0], [2.0, 3.0], [4.0, 1.0], [5.0, 5.0]])
    table = score(ratings, ["A", "A"], groups=keys, min_n=1)
    expected = sorted(set(np.asarray(keys).tolist()), key=lambda key: (key != key, key))
    got = list(dict.fromkeys(table["group"].tolist()))
    assert len(got) == len(expected)
    for key, reference in zip(got, expected, strict=True):
        assert key == reference or (key != key and reference != reference)
    assert table["n"][table["code"] == "overall"].sum() == 4
