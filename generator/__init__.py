"""The knowledge base's generator: YAML and hand-written prose in, a static site in two (or
more) languages out. A page goes through the stages below in this order, and a module imports
only from its own stage or an earlier one (tests/test_layout.py holds it to that):

  hosting/    what a host must do: types, caching, the CSP, precompressed siblings (no imports)
  data/       kbdata and the articles read with the place of every value, validated against
              kbdata/schema/, worded for an author, loaded into the KB (data/kb.py)
  rendering/  the KB into Markdown: the Jinja environment, the article macros, tables,
              calculator forms, the help-centre frame, the pages generated from data
  search/     the search index and the stemmers, read from the pages the engine built
  runtime/    the calculators' browser runtime: Pyodide's core, the wheel, the trimmed library
  site/       the whole site: staging for the engine, the engines, build, check, serve

`calculators/`, beside it, is the calculations themselves (standard library only); every stage
may use it, and it uses none of them.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project: kbdata/, docs/, overrides/, …
