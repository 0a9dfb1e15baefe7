"""The instrument's hierarchy: columns -> criteria -> components -> domains.

Internally the criteria are reordered so that each component's criteria are adjacent and each
domain's components are adjacent; then every composite is a contiguous block of rows (or
columns) and is summed with one reduction per block.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

DEFAULT_DOMAIN = "all"


@dataclass(frozen=True)
class Layout:
    """Codes and the internal order of an instrument.

    ``order[j]`` is the ratings column at internal position j; ``component_starts`` and
    ``domain_starts`` are the first internal criterion of each component and the first
    component of each domain; ``component_of[j]`` and ``domain_of[k]`` map positions to
    component and domain numbers. Components and domains are numbered in report order.
    """

    criterion_codes: np.ndarray
    component_codes: np.ndarray
    domain_codes: np.ndarray
    order: np.ndarray
    component_starts: np.ndarray
    domain_starts: np.ndarray
    component_of: np.ndarray
    domain_of: np.ndarray
    report_domains: bool

    @property
    def n_criteria(self) -> int:
        return self.order.size

    @property
    def n_components(self) -> int:
        return self.component_codes.size

    @property
    def n_domains(self) -> int:
        return self.domain_codes.size

    @property
    def component_slices(self) -> list[slice]:
        """Internal criterion positions of each component."""
        return _slices(self.component_starts, self.n_criteria)

    @property
    def domain_slices(self) -> list[slice]:
        """Component numbers of each domain."""
        return _slices(self.domain_starts, self.n_components)


def _slices(starts: np.ndarray, size: int) -> list[slice]:
    """Contiguous blocks beginning at *starts* and covering ``range(size)``."""
    stops = [*starts[1:].tolist(), size]
    return [slice(start, stop) for start, stop in zip(starts.tolist(), stops, strict=True)]


def _codes(name: str, values: object, n_columns: int) -> list[str]:
    """Codes as strings, one per ratings column."""
    message = f"{name} must be a sequence with one code per ratings column"
    if isinstance(values, str | bytes | Mapping):
        raise ValueError(message)
    try:
        codes = [str(value) for value in values]
    except TypeError:
        raise ValueError(message) from None
    if len(codes) != n_columns:
        raise ValueError(
            f"{name} must have one code per ratings column ({n_columns}); got {len(codes)}"
        )
    return codes


def _domain_per_component(components: list[str], domains: object) -> list[str]:
    """Domain code of each distinct component, in order of first appearance."""
    if domains is None:
        return [DEFAULT_DOMAIN] * len(components)
    if not isinstance(domains, Mapping):
        raise ValueError("domains must be None or a mapping from component code to domain code")
    lookup = {str(key): str(value) for key, value in domains.items()}
    missing = [code for code in components if code not in lookup]
    if missing:
        raise ValueError(
            f"domains has no domain for components {missing}; accepted components: {sorted(lookup)}"
        )
    return [lookup[code] for code in components]


def build_layout(components: object, criteria: object, domains: object, n_columns: int) -> Layout:
    """Validate the codes and compute the internal (domain, component) order."""
    if n_columns < 1:
        raise ValueError("ratings must have at least one column (criterion)")
    component_per_column = _codes("components", components, n_columns)
    default_criteria = [str(index) for index in range(n_columns)]
    criterion_codes = _codes(
        "criteria", default_criteria if criteria is None else criteria, n_columns
    )
    if len(set(criterion_codes)) != n_columns:
        raise ValueError("criteria must be unique codes, one per ratings column")
    first_seen = list(dict.fromkeys(component_per_column))
    domain_per_component = _domain_per_component(first_seen, domains)
    domain_codes = list(dict.fromkeys(domain_per_component))
    domain_number = np.array([domain_codes.index(code) for code in domain_per_component])
    component_order = np.argsort(domain_number, kind="stable")
    component_codes = [first_seen[k] for k in component_order]
    component_number = np.array([component_codes.index(code) for code in component_per_column])
    order = np.argsort(component_number, kind="stable")
    component_of = component_number[order]
    domain_of = domain_number[component_order]
    return Layout(
        criterion_codes=np.array(criterion_codes),
        component_codes=np.array(component_codes),
        domain_codes=np.array(domain_codes),
        order=order,
        component_starts=np.searchsorted(component_of, np.arange(len(component_codes))),
        domain_starts=np.searchsorted(domain_of, np.arange(len(domain_codes))),
        component_of=component_of,
        domain_of=domain_of,
        report_domains=domains is not None,
    )
