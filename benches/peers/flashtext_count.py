"""FlashText over the gazetteer's names, case-insensitive (whole words,
longest match first): the keywords found in each article, summed."""
import time

import common
from flashtext import KeywordProcessor

names_path, corpus_path = common.args("flashtext_count.py")
kp = KeywordProcessor(case_sensitive=False)
for n in common.names(names_path):
    kp.add_keyword(n)
built = time.perf_counter()
corpus = common.Corpus(corpus_path)
matches = sum(len(kp.extract_keywords(t)) for t in corpus)
common.report(built, matches, corpus)
