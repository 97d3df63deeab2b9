"""The rendering stage: the KB into finished Markdown, one language at a time. all_pages
renders every page (for `make check` and for the build alike) through the Jinja environment
and the article macros (article_macros); render, prices and calcforms write the tables, phrases
and calculator forms, helpcentre the frame around an article, pages the pages generated from
data, rootpages the pages above the languages, links checks the links an author writes."""
