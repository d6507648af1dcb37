"""pyahocorasick over the gazetteer's names, lower-cased (so case
insensitive), leftmost-longest non-overlapping matches (iter_long), no word
boundaries: the same work as benches/bare_scan, in Python."""
import time

import ahocorasick
import common

names_path, corpus_path = common.args("pyahocorasick_count.py")
A = ahocorasick.Automaton()
for n in common.names(names_path):
    A.add_word(n.lower(), len(n))
A.make_automaton()
built = time.perf_counter()
corpus = common.Corpus(corpus_path)
matches = sum(sum(1 for _ in A.iter_long(t.lower())) for t in corpus)
common.report(built, matches, corpus)
