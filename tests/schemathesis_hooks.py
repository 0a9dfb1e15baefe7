"""Schemathesis hooks for tests/test_api_fuzz.py: some generated tokens are a real desk's,
some unit codes a real unit's.

Random tokens lead to no desk, so without these hooks every body would stop at the token
check (422) and the storing path would never be fuzzed. SURVEYAPP_FUZZ_TOKEN names the desk;
likewise a random unit code is 404 on GET /scores, so SURVEYAPP_FUZZ_UNIT names its unit.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import strategies as st


def _real_token() -> str:
    return os.environ["SURVEYAPP_FUZZ_TOKEN"]


@schemathesis.hook
def flatmap_body(context, body):
    if isinstance(body, dict) and isinstance(body.get("token"), str):
        return st.sampled_from([body | {"token": _real_token()}, body])
    return st.just(body)


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    if isinstance(path_parameters, dict) and isinstance(path_parameters.get("token"), str):
        real = path_parameters | {"token": _real_token()}
        return st.sampled_from([real, path_parameters])
    return st.just(path_parameters)


@schemathesis.hook
def flatmap_query(context, query):
    if isinstance(query, dict) and isinstance(query.get("unit"), str):
        real = query | {"unit": os.environ["SURVEYAPP_FUZZ_UNIT"]}
        return st.sampled_from([real, query, {k: v for k, v in query.items() if k != "unit"}])
    return st.just(query)
