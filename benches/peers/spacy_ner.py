"""spaCy's small English pipeline (en_core_web_sm), named entities only:
only the NER component runs (it has a tok2vec layer of its own); the
shared tok2vec, tagger, parser, lemmatizer and the rest are excluded, the
fastest way to get entities from it. Counts
the entities of the kinds gazet finds (GPE, LOC, FAC, NORP, ORG). NAMES is
read but unused, to keep the command line of the other peers. The model
package is named by BENCH_SPACY_MODEL (default en_core_web_sm)."""
import importlib
import os
import time

import common
import spacy

names_path, corpus_path = common.args("spacy_ner.py")
model = os.environ.get("BENCH_SPACY_MODEL", "en_core_web_sm")
nlp = importlib.import_module(model).load(
    exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
KINDS = {"GPE", "LOC", "FAC", "NORP", "ORG"}
built = time.perf_counter()
corpus = common.Corpus(corpus_path)
matches = sum(sum(1 for e in doc.ents if e.label_ in KINDS)
              for doc in nlp.pipe(corpus, batch_size=64))
common.report(built, matches, corpus, model=f"{model} {nlp.meta.get('version')}",
              pipeline=nlp.pipe_names)
