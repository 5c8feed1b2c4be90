"""Prometheus metrics, one registry per app (so tests can build many apps in one process).

claimgraph_requests_total{operation, outcome}     GraphQL requests by operation name and outcome
                                                 (success | error | rejected | timeout | unavailable)
claimgraph_request_duration_seconds{operation}   latency histogram of GraphQL requests
claimgraph_store_operations_total{collection, kind}   store operations (get, find, count, upsert, …)
claimgraph_articles_loaded_total                 articles written by ingestArticles in this process
claimgraph_claims_loaded_total                   claims written by ingestArticles in this process
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

# Operation names come from clients: cap how many distinct ones become label values, so a client
# cannot blow up the metrics' memory by sending random names.
MAX_OPERATION_LABELS = 200
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
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
        self._operations: set[str] = set()

    def operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self._operations:
            return name
        if len(self._operations) >= MAX_OPERATION_LABELS or len(name) > 100:
            return "other"
        self._operations.add(name)
        return name

    def observe_request(self, operation: str | None, outcome: str, seconds: float) -> None:
        label = self.operation_label(operation)
        self.requests.labels(operation=label, outcome=outcome).inc()
        self.latency.labels(operation=label).observe(seconds)

    def observe_store(self, collection: str, kind: str) -> None:
        """A `store.observers` callback."""
        self.store_operations.labels(collection=collection, kind=kind).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
