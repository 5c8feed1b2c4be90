"""Prometheus metrics, one registry per app (so tests can build many apps in one process).

claimgraph_requests_total{operation, outcome}     GraphQL requests by operation name and outcome
                                                 (success | error | rejected | timeout | unavailable
                                                 | busy | full)
claimgraph_request_duration_seconds{operation}   latency histogram of GraphQL requests
claimgraph_store_operations_total{collection, kind}   store operations (get, find, count, upsert, …)
claimgraph_articles_loaded_total                 articles written by ingestArticles in this process
claimgraph_claims_loaded_total                   claims written by ingestArticles in this process
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

# Set (to a folder) by `serve --workers N` before its processes start: prometheus_client then keeps
# every metric's values in files there, and /metrics adds up those of all the processes.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """Operation names come from clients, so only names the operator registered (`known`: the
    persisted queries' operations and the metrics_operations setting) become label values; any
    other is "other" and a missing one "anonymous". A cap on distinct names would not do: a client
    sending 200 junk names first would push every real operation into "other"."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known = frozenset(known)
        self.multiprocess_dir = os.environ.get(MULTIPROC_ENV) or None
        # One registry per app (tests build many apps in one process). In multiprocess mode the
        # values live in the shared folder, and rendering reads them all back from there.
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "claimgraph_requests",
            "GraphQL requests by operation name and outcome.",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "claimgraph_request_duration_seconds",
            "Time to answer a GraphQL request.",
            ["operation"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
            registry=self.registry,
        )
        self.store_operations = Counter(
            "claimgraph_store_operations",
            "Store operations by collection and kind.",
            ["collection", "kind"],
            registry=self.registry,
        )
        self.articles_loaded = Counter(
            "claimgraph_articles_loaded",
            "Articles written through ingestArticles.",
            registry=self.registry,
        )
        self.claims_loaded = Counter(
            "claimgraph_claims_loaded",
            "Claims written through ingestArticles.",
            registry=self.registry,
        )

    def operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        return name if name in self.known else "other"

    def observe_request(self, operation: str | None, outcome: str, seconds: float) -> None:
        label = self.operation_label(operation)
        self.requests.labels(operation=label, outcome=outcome).inc()
        self.latency.labels(operation=label).observe(seconds)

    def observe_store(self, collection: str, kind: str) -> None:
        """A `store.observers` callback."""
        self.store_operations.labels(collection=collection, kind=kind).inc()

    def render(self) -> bytes:
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        every_process = CollectorRegistry()
        MultiProcessCollector(every_process, path=self.multiprocess_dir)
        return generate_latest(every_process)
