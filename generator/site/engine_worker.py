"""An engine kept running for `make serve`: each rebuild of a language without starting Python
and the engine again (MkDocs and ProperDocs: their own command line, called in-process).

    <the engine's python> engine_worker.py <module>

It runs in the engine's own environment and imports nothing of the generator. Requests on
stdin, one JSON line each: {"dir": the language's stage, "args": the command line after the
module's name}; each answered on stdout by one JSON line: {"returncode": 0 or 1, "output":
the engine's warnings and errors}.
"""

import importlib
import json
import logging
import os
import sys


class CompiledOnce:
    """The theme's templates compiled once for all builds: each build makes a new Jinja
    environment, and compiling its templates again was a third of a rebuild. A template whose
    source changed (an override edited) is compiled again: its checksum no longer matches."""

    def __init__(self) -> None:
        import jinja2

        kept: dict[str, bytes] = {}

        class Cache(jinja2.BytecodeCache):
            def load_bytecode(self, bucket) -> None:
                if bucket.key in kept:
                    bucket.bytecode_from_string(kept[bucket.key])

            def dump_bytecode(self, bucket) -> None:
                kept[bucket.key] = bucket.bytecode_to_string()

        cache, made = Cache(), jinja2.Environment.__init__

        def environment(env, *args, **kwargs) -> None:
            made(env, *args, **kwargs)
            if env.bytecode_cache is None:
                env.bytecode_cache = cache

        jinja2.Environment.__init__ = environment


class Kept(logging.Handler):
    """The engine's warnings and errors of one build, as its command line prints them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def main() -> None:
    module = sys.argv[1]
    cli = importlib.import_module(f"{module}.__main__").cli
    CompiledOnce()
    kept = Kept()
    logging.getLogger().addHandler(kept)
    answers, sys.stdout = sys.stdout, sys.stderr  # whatever the engine prints stays off the answers
    for line in sys.stdin:
        request = json.loads(line)
        os.chdir(request["dir"])
        kept.lines = []
        code = 0
        try:
            cli.main(args=request["args"], prog_name=module, standalone_mode=False)
        except SystemExit as exc:
            code = 1 if exc.code else 0
        except Exception as exc:  # the engine's abort (strict mode), a broken configuration
            code = 1
            kept.lines.append(f"ERROR   -  {exc}")
        answers.write(json.dumps({"returncode": code, "output": "\n".join(kept.lines)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
