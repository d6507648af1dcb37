"""spaCy's PhraseMatcher(attr="LOWER") over spacy.blank("en"), one pattern
per gazetteer name (made with the tokenizer, as spaCy advises for large
lists): the matches in each article, summed. Start-up (import, tokenising
and adding the patterns) and matching (tokenising the articles and
matching) are timed apart."""
import time

import common
import spacy
from spacy.matcher import PhraseMatcher

names_path, corpus_path = common.args("spacy_phrase.py")
nlp = spacy.blank("en")
matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
names = common.names(names_path)
matcher.add("NAME", list(nlp.tokenizer.pipe(names, batch_size=1000)))
built = time.perf_counter()
corpus = common.Corpus(corpus_path)
matches = sum(len(matcher(doc)) for doc in nlp.pipe(corpus, batch_size=256))
common.report(built, matches, corpus, spacy=spacy.__version__, patterns=len(names))
