"""Statement extraction: pure, text in, claims, entities, relations and sources out.

`pipeline.extract` runs the stages in order; each stage is its own module with its own tests:

    entities   named people, organisations, places, documents; aliases merged; roles
    claims     direct quotes and reported speech: text, kind, cue, span, speaker as written
    speakers   each claim's speaker mention resolved to an entity (names, aliases, pronouns,
               titles and descriptions, documents, unnamed sources)
    sources    outlets, documents and reports cited for each claim
    relations  SUPPORTS / CONTRADICTS between claims of this article, from cue words
"""
