"""schemathesis (GraphQL mode) fuzzes every query and mutation field through the ASGI app: no answer
is a 5xx and none shows a trace. (CI may fuzz a live `claimgraph serve` as well; this is the fast,
in-process guard.)"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from api.settings import Settings

# schemathesis loads the schema when this module is imported (by introspecting the app), before any
# fixture exists, so the store folder is made here and removed when the process ends. The app opens
# the store itself, lazily, inside the test client's event loop.
DATA = Path(tempfile.gettempdir()) / f"claimgraph-fuzz-{os.getpid()}"
atexit.register(shutil.rmtree, DATA, ignore_errors=True)

schema = schemathesis.graphql.from_asgi("/graphql", create_app(Settings(data=DATA, preload_model=False)))


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_no_traces(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    for leak in ("Traceback", 'File "', "site-packages"):
        assert leak not in response.text
