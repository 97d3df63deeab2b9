"""The site stage: the rendered pages staged for an engine (stage), the engines (engines), the
whole site built all or nothing (build: `make build` and `make check`), and `make serve`
(serve), which rebuilds what an edit changes."""
