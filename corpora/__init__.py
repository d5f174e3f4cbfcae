"""The bundled corpus: reports as published, a manifest and hand annotations (data only).

Locate it with :func:`ogi_nlp.datasets.corpus_path`; see README.md here for the card.
"""
