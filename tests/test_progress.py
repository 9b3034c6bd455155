"""Progress and feedback: spinners and bars only on a terminal, --verbose stage timings,
--quiet."""

from __future__ import annotations

import http.server
import io
import os
import pty
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.cli.progress import Feedback, ProgressBar, Spinner
from argmap.formats.registry import load
from argmap.rdf.files import write_rdf
from argmap.rdf.store import to_store
from argmap.rdf.store import write_store as build_store
from argmap.rdf.write import entity_count
from argmap.sparql.remote import push
from tests.conftest import DATA, ROOT

SEED = [str(p) for p in sorted((ROOT / "data").glob("*.yaml"))]
MINI = str(DATA / "mini.yaml")
ANSI = "\x1b["
runner = CliRunner()

# Runs the console script with spinners appearing at once (no 1 s delay), so that the tests
# see them on quick work too.
NO_DELAY = (
    "import sys, argmap.cli.progress as p; p.DELAY = 0.0;"
    " from argmap.cli import main; sys.exit(main())"
)


def test_spinner_draws_label_and_elapsed_time_then_erases_itself() -> None:
    out = io.StringIO()
    spinner = Spinner("load 2 files", delay=0.0, stream=out, force_terminal=True)
    deadline = time.monotonic() + 20  # the first draw imports rich: slow on a busy machine
    while not (spinner.shown and "load 2 files" in out.getvalue()):
        assert time.monotonic() < deadline, "the spinner never appeared"
        time.sleep(0.05)
    spinner.stop()
    text = out.getvalue()
    assert "load 2 files" in text and re.search(r"\d+ s", text)
    assert ANSI in text
    # transient: it ends by moving up over its line and erasing it, cursor shown again
    assert text.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")


def test_spinner_never_appears_for_work_quicker_than_the_delay() -> None:
    out = io.StringIO()
    spinner = Spinner("quick", delay=5.0, stream=out, force_terminal=True)
    spinner.stop()
    time.sleep(0.05)
    assert not spinner.shown
    assert out.getvalue() == ""


def test_feedback_times_stages_only_when_verbose() -> None:
    lines: list[str] = []
    quiet = Feedback(emit=lines.append, terminal=lambda: False)
    with quiet.stage("load"):
        pass
    assert lines == []
    verbose = Feedback(verbose=True, emit=lines.append, terminal=lambda: False)
    with pytest.raises(ValueError), verbose.stage("write x"):
        raise ValueError  # a failing stage still reports its time
    with verbose.stage("outer"), verbose.stage("inner"):
        time.sleep(0.02)
    assert [re.sub(r"\d+\.\d\d", "T", line) for line in lines] == [
        "argmap: write x: T s",
        "argmap: inner: T s",
        "argmap: outer: T s",
    ]
    assert float(lines[-1].split(": ")[-1].removesuffix(" s")) >= 0.02


def test_feedback_shows_progress_only_on_a_terminal_and_never_when_quiet() -> None:
    assert Feedback(terminal=lambda: True).shows_progress
    assert not Feedback(terminal=lambda: False).shows_progress
    assert not Feedback(quiet=True, terminal=lambda: True).shows_progress


def test_verbose_prints_stage_timings_and_counts_on_stderr() -> None:
    result = runner.invoke(app, ["--verbose", "validate", *SEED, "--shacl"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 2 map(s), 101 claims")
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"argmap: load 2 files \(\d+ kB\): \d+\.\d\d s", lines[0]), lines
    assert lines[1] == "argmap: loaded 2 maps: 101 claims, 143 relations, 58 stances"
    assert re.fullmatch(r"argmap: check SHACL shapes: \d+\.\d\d s", lines[2]), lines
    assert len(lines) == 3


def test_verbose_times_every_stage_of_a_build(tmp_path: Path) -> None:
    out = tmp_path / "map.trig"
    result = runner.invoke(
        app, ["--verbose", "build", *SEED, "-o", str(out), "--store", str(tmp_path / "store")]
    )
    assert result.exit_code == 0, result.output
    stages = [line.rsplit(": ", 1)[0] for line in result.stderr.splitlines() if line.endswith(" s")]
    assert stages == [
        stages[0],
        f"argmap: write {out}",
        f"argmap: write store {tmp_path / 'store'}",
    ]
    assert stages[0].startswith("argmap: load 2 files")


def test_quiet_leaves_out_info_lines_but_not_results_or_errors(tmp_path: Path) -> None:
    validated = runner.invoke(app, ["--quiet", "validate", *SEED])
    assert (validated.exit_code, validated.stdout, validated.stderr) == (0, "", "")
    out = tmp_path / "map.ttl"
    built = runner.invoke(app, ["--quiet", "build", MINI, "-o", str(out)])
    assert (built.exit_code, built.output) == (0, "")
    assert out.stat().st_size > 1000
    queried = runner.invoke(app, ["--quiet", "query", *SEED, "-n", "cross-map-attacks"])
    assert queried.exit_code == 0
    assert queried.stdout.endswith("(3 rows)\n")  # requested data is still printed
    failed = runner.invoke(app, ["--quiet", "validate", str(tmp_path / "nope.yaml")])
    assert failed.exit_code == 1
    assert failed.stderr == f"error: {tmp_path / 'nope.yaml'}: no such map file; check the path\n"


def test_quiet_and_verbose_together_are_a_usage_error() -> None:
    result = runner.invoke(app, ["--quiet", "--verbose", "validate", MINI])
    assert result.exit_code == 2
    assert "give --quiet or --verbose, not both" in result.stderr


def test_errors_stay_one_line_under_verbose(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["--verbose", "stats", str(missing)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {missing}: no such map file; check the path"]
    assert "Traceback" not in result.output


def test_piped_runs_get_no_progress_and_no_ansi_codes() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_DELAY, "validate", *SEED, "--shacl"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("ok: 2 map(s)") and ANSI not in result.stdout


def _run_with_terminal_stderr(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout piped); returns
    (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", NO_DELAY, *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(follower)
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO once the child has closed the terminal
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(leader)
    return process.returncode, stdout, shown.decode("utf-8", "replace")


def test_a_terminal_sees_a_spinner_and_stdout_stays_clean() -> None:
    code, stdout, shown = _run_with_terminal_stderr(["validate", *SEED, "--shacl"])
    assert code == 0, shown
    assert "check SHACL shapes" in shown and ANSI in shown
    assert stdout.startswith("ok: 2 map(s)") and ANSI not in stdout
    quiet_code, quiet_stdout, quiet_shown = _run_with_terminal_stderr(
        ["--quiet", "validate", *SEED, "--shacl"]
    )
    assert (quiet_code, quiet_stdout, quiet_shown) == (0, "", "")


# ---- progress bars ----------------------------------------------------------------------------


def test_progress_bar_draws_done_of_total_then_erases_itself() -> None:
    out = io.StringIO()
    bar = ProgressBar("write out.ttl", 250, delay=0.2, stream=out, force_terminal=True)
    bar.advance(50)  # work done before the bar appears is counted in
    deadline = time.monotonic() + 20
    while not (bar.shown and "50/250" in out.getvalue()):
        assert time.monotonic() < deadline, "the bar never appeared"
        time.sleep(0.05)
    bar.advance(120)
    bar.advance(80)
    bar.stop()
    text = out.getvalue()
    assert "write out.ttl" in text and "━" in text and ANSI in text
    assert "250/250" in text and "100%" in text and re.search(r"\d+ s", text)
    assert text.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")  # transient, as the spinner


def test_progress_bar_never_appears_for_work_quicker_than_the_delay() -> None:
    out = io.StringIO()
    bar = ProgressBar("quick", 3, delay=5.0, stream=out, force_terminal=True)
    bar.advance(3)
    bar.stop()
    time.sleep(0.05)
    assert not bar.shown and out.getvalue() == ""


def test_a_stage_with_a_total_steps_a_bar_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines: list[str] = []
    piped = Feedback(delay=0.0, emit=lines.append, terminal=lambda: False)
    quiet = Feedback(quiet=True, delay=0.0, emit=lines.append, terminal=lambda: True)
    for feedback in (piped, quiet):
        with feedback.stage("write x", total=4) as step:
            step(1)
            time.sleep(0.1)  # past the delay: no bar is drawn all the same
            step(3)
    assert lines == []
    assert capsys.readouterr() == ("", "")
    verbose = Feedback(verbose=True, emit=lines.append, terminal=lambda: False)
    with verbose.stage("write x", total=2) as step:
        step(2)
    assert len(lines) == 1 and re.fullmatch(r"argmap: write x: \d+\.\d\d s", lines[0])


def test_only_the_outermost_stage_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    monkeypatch.setattr(
        "argmap.cli.progress.ProgressBar", lambda label, total, delay: made.append(label) or _Bar()
    )
    feedback = Feedback(delay=0.0, terminal=lambda: True)
    with feedback.stage("outer", total=1) as outer, feedback.stage("inner", total=9) as inner:
        inner(9)  # nothing to draw: a no-op
        outer(1)
    assert made == ["outer"]


class _Bar:
    def advance(self, amount: int) -> None:
        pass

    def stop(self) -> None:
        pass


def test_build_progress_adds_up_to_the_entity_count_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load(SEED)
    total = entity_count(corpus)
    assert total == sum(
        len(getattr(m, name))
        for m in corpus.maps
        for name in ("sources", "topics", "actors", "issues", "claims", "relations", "stances")
    )
    monkeypatch.setattr("argmap.rdf.write._CHUNK_LINES", 200)  # several chunks per map
    for suffix in (".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf"):
        calls: list[int] = []
        with_bar, without = tmp_path / f"bar{suffix}", tmp_path / f"plain{suffix}"
        write_rdf(corpus, with_bar, progress=calls.append)
        write_rdf(corpus, without)
        assert sum(calls) == total, suffix
        assert all(amount > 0 for amount in calls)
        if suffix != ".jsonld":  # rdflib writes JSON-LD in one go
            assert len(calls) > 5, suffix
        assert with_bar.read_bytes() == without.read_bytes(), suffix
    for store in (None, ox.Store(str(tmp_path / "store"))):
        calls = []
        to_store(corpus, store, progress=calls.append)
        assert sum(calls) == total
    calls = []
    quads = build_store(corpus, tmp_path / "built", progress=calls.append)  # build --store
    assert sum(calls) == total and quads == len(to_store(corpus))


def test_loading_several_files_advances_per_file(tmp_path: Path) -> None:
    calls: list[int] = []
    load(SEED, progress=calls.append)
    assert calls == [1, 1]
    rdf = tmp_path / "mini.ttl"
    write_rdf(load([MINI]), rdf)
    calls.clear()
    assert len(load([*SEED, str(rdf)], progress=calls.append).maps) == 3
    assert calls == [1, 1, 1]


class _GraphStore(http.server.BaseHTTPRequestHandler):
    """Accepts every graph at /store, or refuses it there and takes SPARQL Update at
    /update, as the class attribute ``graph_store`` says."""

    graph_store = True
    requests: list[str] = []  # noqa: RUF012

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.requests.append(f"{self.command} {self.path.split('?')[0]}")
        refused = self.path.startswith("/store") and not self.graph_store
        self.send_response(404 if refused else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def test_push_progress_counts_requests_also_when_it_falls_back_on_update() -> None:
    corpus = load(SEED)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GraphStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for graph_store in (True, False):
            _GraphStore.graph_store = graph_store
            _GraphStore.requests.clear()
            calls: list[int] = []
            push(
                corpus,
                f"{url}/store",
                update_url=f"{url}/update",
                transaction=False,
                progress=calls.append,
            )
            assert calls == [1] * len(corpus.maps)
        assert _GraphStore.requests == ["POST /store", "POST /update", "POST /update"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_terminal_sees_progress_bars_of_a_build_and_the_files_match(tmp_path: Path) -> None:
    shown_file, quiet_file = tmp_path / "shown.ttl", tmp_path / "quiet.ttl"
    code, stdout, shown = _run_with_terminal_stderr(["build", *SEED, "-o", str(shown_file)])
    assert code == 0, shown
    total = entity_count(load(SEED))
    assert "write /" in shown and f"{total}/{total}" in shown and "100%" in shown  # long: cut
    assert "load 2 files" in shown and "2/2" in shown
    assert stdout == f"wrote {shown_file} (2 map(s))\n"
    quiet = _run_with_terminal_stderr(["--quiet", "build", *SEED, "-o", str(quiet_file)])
    assert quiet == (0, "", "")
    assert shown_file.read_bytes() == quiet_file.read_bytes()


def test_piped_builds_get_no_progress_bars(tmp_path: Path) -> None:
    out = tmp_path / "map.nq"
    result = subprocess.run(
        [sys.executable, "-c", NO_DELAY, "build", *SEED, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"wrote {out} (2 map(s))\n"
