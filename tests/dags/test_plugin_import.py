"""Loading the plugin stays cheap: every Airflow process loads it, every task process included.

The Batches page (FastAPI, templates, the ORM side) is imported only when the API server asks for the
plugin's apps. Measured in a fresh interpreter, as a task process starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys, time
import airflow.sdk
before = set(sys.modules)
started = time.perf_counter()
import ecandidat_batches_plugin
plugin = ecandidat_batches_plugin.EcandidatBatchesPlugin()
plugin.timetables, plugin.external_views
loaded = sorted(set(sys.modules) - before)
elapsed = time.perf_counter() - started
apps = plugin.fastapi_apps  # what the API server does
print(json.dumps({"loaded": loaded, "seconds": elapsed, "apps": [a["url_prefix"] for a in apps],
                  "after_apps": len(set(sys.modules) - before)}))
"""


def test_loading_the_plugin_does_not_import_the_page() -> None:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")])
    )
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    loaded = result["loaded"]
    heavy = [m for m in loaded if m.split(".")[0] in {"fastapi", "starlette", "jinja2", "itsdangerous"}]
    assert heavy == []
    assert not [m for m in loaded if m.startswith(("ecandidat_batches.admin", "ecandidat_batches.state"))]
    # Measured at 82 modules (0.1 s) beyond airflow.sdk; the page alone was 567 modules and 2.2 s.
    print(f"plugin import: {len(loaded)} modules, {result['seconds']:.2f} s")
    assert len(loaded) < 150, loaded
    # The API server still gets its app, and then the page is loaded.
    assert result["apps"] == ["/batches"]
    assert result["after_apps"] > 300
