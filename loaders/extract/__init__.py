"""Statement extraction: pure, text in, claims, entities, relations and sources out.

`pipeline.extract` runs the stages in order; each stage is its own subpackage with its own tests:

    entities     named people, organisations, places, documents; aliases merged; roles
    attribution  the claims (direct quotes and reported speech): text, kind, cue, span, speaker
                 as written; quotes/ finds the quotations
    speakers     each claim's speaker mention resolved to an entity (names, aliases, pronouns,
                 titles and descriptions, documents, unnamed sources); whom a spokesperson speaks for
    sources      outlets, documents and reports cited for each claim
    relations    each claim's polarity; SUPPORTS / CONTRADICTS between claims of this article,
                 from cue words

Each stage returns what it found and changes nothing it was given; `pipeline.extract_doc` applies
the results in order. Who writes what:

    Claim.speaker, .mentions     the pipeline, from speakers.find_speakers
    Claim.on_behalf_of           the pipeline, from speakers.find_on_behalf
    Claim.sources                the pipeline, from sources.find_sources
    Claim.polarity               the pipeline, from relations.find_polarities
    the article's EntityIndex    the entity stage alone: entities.find_entities builds it, and
                                 entities.add_findings writes what find_speakers and find_sources
                                 found on their own drafts of it (new entities, aliases, roles,
                                 genders, mentions), in the order they found it
"""
