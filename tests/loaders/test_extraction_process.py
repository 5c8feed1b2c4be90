"""The server's extraction process: warm (the model loads once, in the background), and stoppable:
a call cancelled or past its budget kills the process, the next call gets a fresh one."""

from __future__ import annotations

import asyncio

import pytest

from loaders.extraction_process import ExtractionProcess, ExtractionTimeout
from loaders.model import Article, Extraction

SHORT = Article(text='"The ferry will keep running," harbour master Ida Vos said on Monday.', title="Ferry")


def long_article() -> Article:
    line = '"Berth {i} reopens in May," Ida Vos said. The council met again.'
    text = "\n\n".join(line.format(i=i) for i in range(6000))
    return Article(text=text, title="Berths")


async def test_extracts_then_stops_and_recovers_when_cancelled_or_out_of_time() -> None:
    process = ExtractionProcess()
    try:
        assert process.state == "lazy"
        process.start()
        assert process.state == "loading"
        await process.wait_ready()
        assert process.state == "ready"
        (result,) = await process.extract([SHORT])
        assert isinstance(result, Extraction) and result.claims and result.claims[0].cue == "said"

        with pytest.raises(ExtractionTimeout, match="longer than its budget of 0.5 s"):
            await process.extract([long_article()], budget=0.5)
        assert process.restarts == 1

        call = asyncio.ensure_future(process.extract([long_article()]))
        await asyncio.sleep(0.5)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert process.restarts == 2

        (again,) = await process.extract([SHORT])  # a fresh process, the model loaded again
        assert isinstance(again, Extraction) and again.claims
    finally:
        await process.close()
    assert process.state == "lazy"
