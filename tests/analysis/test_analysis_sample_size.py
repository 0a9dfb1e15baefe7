"""sample_size against SIPAS.md and Krejcie & Morgan's (1970) published table."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import sample_size

# Krejcie, R. V. & Morgan, D. W. (1970), Educational and Psychological Measurement 30:607-610,
# Table 1: population N -> sample s, for chi-square(1) = 3.841, P = 0.5, d = 0.05.
KREJCIE_MORGAN = {
    10: 10,
    15: 14,
    20: 19,
    25: 24,
    30: 28,
    35: 32,
    40: 36,
    45: 40,
    50: 44,
    55: 48,
    60: 52,
    65: 56,
    70: 59,
    75: 63,
    80: 66,
    85: 70,
    90: 73,
    95: 76,
    100: 80,
    110: 86,
    120: 92,
    130: 97,
    140: 103,
    150: 108,
    160: 113,
    170: 118,
    180: 123,
    190: 127,
    200: 132,
    210: 136,
    220: 140,
    230: 144,
    240: 148,
    250: 152,
    260: 155,
    270: 159,
    280: 162,
    290: 165,
    300: 169,
    320: 175,
    340: 181,
    360: 186,
    380: 191,
    400: 196,
    420: 201,
    440: 205,
    460: 210,
    480: 214,
    500: 217,
    550: 226,
    600: 234,
    650: 242,
    700: 248,
    750: 254,
    800: 260,
    850: 265,
    900: 269,
    950: 274,
    1000: 278,
    1100: 285,
    1200: 291,
    1300: 297,
    1400: 302,
    1500: 306,
    1600: 310,
    1700: 313,
    1800: 317,
    1900: 320,
    2000: 322,
    2200: 327,
    2400: 331,
    2600: 335,
    2800: 338,
    3000: 341,
    3500: 346,
    4000: 351,
    4500: 354,
    5000: 357,
    6000: 361,
    7000: 364,
    8000: 367,
    9000: 368,
    10000: 370,
    15000: 375,
    20000: 377,
    30000: 379,
    40000: 380,
    50000: 381,
    75000: 382,
    1000000: 384,
}


def test_sample_size_reproduces_the_sipas_example():
    # SIPAS.md: p = 0.8, e = 0.05, 95 % -> 246 (z = 1.96, infinite population).
    assert sample_size(0.05) == 246
    assert sample_size(0.05, p=0.8, confidence_level=0.95, population=None) == 246


@pytest.mark.parametrize(
    ("population", "published"), [(100, 80), (1000, 278), (10000, 370), (100000, 383)]
)
def test_sample_size_matches_krejcie_morgan_examples(population, published):
    assert sample_size(0.05, p=0.5, population=population) == published


def test_sample_size_reproduces_krejcie_morgan_table_before_rounding():
    population = np.array(list(KREJCIE_MORGAN), dtype=float)
    published = np.array(list(KREJCIE_MORGAN.values()))
    # The published entries are the KM formula with chi-square = 3.841 rounded to nearest.
    km = 3.841 * population * 0.25 / (0.05**2 * (population - 1) + 3.841 * 0.25)
    np.testing.assert_array_equal(np.round(km), published)
    # This package rounds up (and uses the exact chi-square quantile): never fewer than the
    # table, at most one more.
    ours = sample_size(0.05, p=0.5, population=population.astype(int))
    chi2 = stats.chi2.ppf(0.95, 1)
    exact = chi2 * population * 0.25 / (0.05**2 * (population - 1) + chi2 * 0.25)
    np.testing.assert_array_equal(ours, np.ceil(exact))
    assert np.all((ours >= published) & (ours <= published + 1))


def test_sample_size_finite_population_correction_uses_n_minus_one():
    n0 = stats.norm.ppf(0.975) ** 2 * 0.8 * 0.2 / 0.05**2
    for population in [50, 246, 5000]:
        expected = int(np.ceil(n0 / (1 + (n0 - 1) / population)))
        assert sample_size(0.05, population=population) == expected
    assert sample_size(0.05, population=1) == 1


def test_sample_size_broadcasts_arrays():
    sizes = sample_size(np.array([0.03, 0.05, 0.1]), p=0.5)
    z = stats.norm.ppf(0.975)
    np.testing.assert_array_equal(sizes, np.ceil(z**2 * 0.25 / np.array([0.03, 0.05, 0.1]) ** 2))
    assert sizes.dtype.kind == "i" and isinstance(sample_size(0.05), int)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"margin": 0}, "margin"),
        ({"margin": 1.2}, "margin"),
        ({"p": 1.0}, "p must be strictly between 0 and 1"),
        ({"confidence_level": 1.0}, "confidence_level"),
        ({"population": 0}, "population"),
        ({"population": 10.5}, "population"),
        ({"population": True}, "population"),
    ],
)
def test_sample_size_rejects_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sample_size(**({"margin": 0.05} | kwargs))
