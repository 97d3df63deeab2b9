"""The knowledge base's build, in plain Python: kbdata and the articles loaded and validated,
every page rendered with the KB's macros (macros.check, macros.stage), then handed to a static
site engine (macros.engines) that only turns Markdown into HTML."""
