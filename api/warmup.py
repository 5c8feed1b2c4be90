"""Loading the language model while the server already answers, so the first write is not slow.

Loading spaCy's pipeline and the extraction modules takes seconds; done on the first mutation, the
first user to write waits for it. The server instead starts a background thread at start-up that
runs one extraction, of a short text, through the very function mutations use
(`loaders.workers.extract_many`, with the same model setting): the model is then in the loaders'
per-process cache, and every module and lexicon is imported. Reads never need it, so the server
answers from the first moment; /readyz reports `"extraction": "loading"`, then `"ready"` (or
`"unavailable"` with the reason, when the model cannot be loaded: writes will then fail with that
reason, reads still work). With CLAIMGRAPH_PRELOAD_MODEL=false it reports `"lazy"`: the first
write loads the model.
"""

from __future__ import annotations

import logging
import threading
from typing import Literal

logger = logging.getLogger("claimgraph.api")

State = Literal["lazy", "loading", "ready", "unavailable"]

# What the warm-up extracts: a sentence with a quote, a reported statement and a denial, so that
# every stage of extraction runs once.
WARMUP_TEXT = (
    'The harbour board denied the report on Monday. "We have nothing to hide," said Mara Lund, '
    "its chair. Dock workers said the barges sailed at night, the Harbor Daily reported."
)


class ExtractionWarmup:
    """The model's state in this process, and the background thread that loads it."""

    def __init__(self, *, enabled: bool) -> None:
        self.state: State = "loading" if enabled else "lazy"  # lazy: loaded by the first write
        self.reason: str | None = None
        self._enabled = enabled
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start loading (once); returns at once."""
        with self._lock:
            if not self._enabled or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="claimgraph-model-warmup", daemon=True)
            self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            from loaders.model import Article
            from loaders.workers import extract_many, spacy_model_setting

            (outcome,) = extract_many([Article(text=WARMUP_TEXT, source="warm-up")], spacy_model_setting())
            if isinstance(outcome, Exception):
                raise outcome
        except Exception as err:  # reads go on; writes will report the same failure
            self.reason = f"{type(err).__name__}: {err}"
            self.state = "unavailable"
            logger.error("language model not loaded; writes will fail: %s", self.reason)
            return
        self.state = "ready"
        logger.info("language model loaded: extraction is ready")

    def status(self) -> dict[str, str]:
        """What /readyz reports about extraction."""
        body: dict[str, str] = {"extraction": self.state}
        if self.reason:
            body["extraction_reason"] = self.reason
        return body
