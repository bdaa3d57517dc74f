"""Where the memory of one build goes: resident memory at each MkDocs event, and what holds it.

    .venv/bin/python benchmarks/memory.py PROJECT SITE            # RSS (now and peak) at each build event
    TRACE=1 .venv/bin/python benchmarks/memory.py PROJECT SITE    # and the top allocations once every
                                                                  # page is read (tracemalloc; slow)

PROJECT is a project copy such as `python benchmarks/corpus.py DIR 1000` makes. The build runs in this
process (`gereedschapskist build`), so Pagefind, a separate process, is not counted here; the benchmark
(`run.py`) measures all processes together.
"""

from __future__ import annotations

import os
import sys
import tracemalloc

TRACE = os.environ.get("TRACE") == "1"
TOP = int(os.environ.get("TOP", "25"))
PER_PAGE = {"pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page",
            "pre_template", "template_context", "post_template"}


def rss() -> str:
    values = {}
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) // 1024
    return f"now {values['VmRSS']} MB, peak {values['VmHWM']} MB"


def main() -> None:
    if TRACE:
        tracemalloc.start()
    import mkdocs.plugins

    run_event = mkdocs.plugins.PluginCollection.run_event

    def traced(self, name, item=None, **kwargs):
        result = run_event(self, name, item, **kwargs)
        if name not in PER_PAGE:
            print(f"[memory] after {name}: {rss()}", file=sys.stderr, flush=True)
        if name == "env" and TRACE:
            stats = tracemalloc.take_snapshot().statistics("lineno")
            print(f"[memory] traced {sum(s.size for s in stats) / 1e6:.0f} MB; largest:", file=sys.stderr)
            for stat in stats[:TOP]:
                print(f"[memory] {stat.size / 1e6:8.1f} MB {stat.count:8d} {stat.traceback}", file=sys.stderr)
        return result

    mkdocs.plugins.PluginCollection.run_event = traced
    from generator.cli import main as cli

    cli(["--project", sys.argv[1], "build", "--site", sys.argv[2], "-q"], standalone_mode=False)


if __name__ == "__main__":
    main()
