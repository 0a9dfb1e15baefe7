"""`import analysis` must stay pure: NumPy, SciPy and the standard library only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, sys, sysconfig
from pathlib import Path
before = set(sys.modules)
importlib.import_module(sys.argv[1])
new = [sys.modules[name] for name in set(sys.modules) - before]
site = Path(sysconfig.get_paths()["purelib"]).resolve()
files = [Path(module.__file__).resolve() for module in new if getattr(module, "__file__", None)]
print(json.dumps({
    "top_level": sorted({module.__name__.split(".")[0] for module in new}),
    "distributions": sorted({path.relative_to(site).parts[0] for path in files
                             if path.is_relative_to(site)}),
}))
"""


def _modules_loaded_by_import(module: str = "analysis"):
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def test_import_analysis_loads_neither_flask_nor_sqlalchemy_nor_surveyapp():
    loaded = set(_modules_loaded_by_import()["top_level"])
    assert "analysis" in loaded
    assert not loaded & {
        "flask",
        "sqlalchemy",
        "surveyapp",
        "werkzeug",
        "pandas",
        "statsmodels",
        "pingouin",
    }


def test_import_analysis_loads_only_numpy_scipy_and_the_standard_library():
    installed = set(_modules_loaded_by_import()["distributions"])
    assert installed, "the probe found no installed package at all"
    # NumPy's f2py, which scipy.stats loads, imports charset_normalizer when it is installed
    # (requests, a test tool's dependency, brings it): what SciPy loads is SciPy's business.
    by_scipy = set(_modules_loaded_by_import("scipy.stats")["distributions"])
    allowed = {"numpy", "numpy.libs", "scipy", "scipy.libs"} | by_scipy
    assert installed <= allowed, sorted(installed)
