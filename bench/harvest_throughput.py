"""Harvest throughput: ``python3 bench/harvest_throughput.py [--n 1000000] [--runs 3]``.

Harvests a corpus of N resampled abstracts (JSON Lines, made by ``bench/make_corpus.py`` when
missing) into Parquet with ``leaderboard harvest`` as a user runs it (a subprocess), and prints:

* abstracts/s, the median of ``--runs`` runs with all cores;
* the wall-time ratio of that harvest to ``grep -c -i -F -f LEXICON CORPUS``, LEXICON being every
  benchmark spelling in data/benchmarks.csv (the time just to scan the same bytes for the names);
* the peak RSS of the harvest, all its processes together (sampled every 50 ms);
* the CPU time per abstract of the harvest's driver process and of its workers (where the time
  goes: the driver should stay nearly idle while the workers extract), and the throughput the
  cores would give from that CPU time alone (a figure a busy machine barely moves);
* the scaling from 1 to 2 jobs (median wall time with 1 job / with 2 jobs, runs interleaved), and
  how the 2 workers spent their time: on a CPU, waiting for a CPU (other processes) or idle
  (waiting for the driver: an engine problem);
* with ``--engine-overhead``, the same harvest with the extractor replaced by a no-op (in this
  process, workers forked from it): what reading, deduplicating and writing cost on their own,
  the ceiling the engine puts on throughput. It is labelled as such and never the main figure.

The harvest uses the compiled extractor when ``leaderboard compile`` has built it for the current
sources (``--compile`` builds it first), the pure-Python modules otherwise; the first line says
which.

Targets (issue 6): >= 50,000 abstracts/s (at least 20,000), grep ratio <= 5 (at least <= 10),
peak RSS <= 1 GB, 1 -> 2 jobs >= 1.7x.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"


def lexicon_file(folder: Path) -> Path:
    spellings = set()
    with open(ROOT / "data" / "benchmarks.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            spellings.add(row["name"])
            spellings.update(a for a in (row.get("aliases") or "").split("|") if a)
    path = folder / "lexicon.txt"
    path.write_text("\n".join(sorted(spellings)) + "\n", encoding="utf-8")
    return path


def corpus_file(n: int, given: Path | None) -> Path:
    if given:
        return given
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"corpus-{n}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(path)], check=True)
    return path


class Run:
    """One timed command: wall seconds, peak RSS of its process tree (bytes), stderr, CPU seconds
    of the whole tree and of its first process alone (the driver; the rest is its workers), and
    how the workers spent their lives (seconds on a CPU, runnable but waiting for a CPU, asleep)."""

    def __init__(self, wall: float, peak: int, err: str, cpu: float, driver_cpu: float,
                 workers: dict[int, tuple[float, float, float]]):
        self.wall, self.peak, self.err, self.cpu, self.driver_cpu = wall, peak, err, cpu, driver_cpu
        self.workers = workers

    def worker_time(self) -> tuple[float, float, float]:
        """Summed over workers: on a CPU, waiting for a CPU (the machine was busy), asleep (idle)."""
        return tuple(sum(w[i] for w in self.workers.values()) for i in range(3))


def schedstat(pid: int) -> tuple[float, float]:
    """Seconds a process has run on a CPU and waited, runnable, for one (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/schedstat") as fh:
            run, wait, _ = fh.read().split()
        return int(run) / 1e9, int(wait) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


def timed(cmd: list[str]) -> Run:
    # stdout to a real file, never /dev/null: GNU grep stops at the first match when its output
    # is /dev/null, which would time a scan of the first few lines instead of the corpus
    with tempfile.TemporaryFile() as out:
        return _timed(cmd, out)


def _timed(cmd: list[str], out) -> Run:
    started = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.PIPE)
    peak, driver_cpu = 0, 0.0
    born: dict[int, float] = {}
    workers: dict[int, tuple[float, float, float]] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)   # usage: the tree's CPU, workers included
        if pid:
            break
        try:
            tree = [proc] + proc.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            own = proc.cpu_times()
            driver_cpu = own.user + own.system
            now = time.perf_counter()
            for child in tree[1:]:
                run, wait = schedstat(child.pid)
                life = now - born.setdefault(child.pid, now)
                if run:
                    workers[child.pid] = (run, wait, max(0.0, life - run - wait))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err[-2000:]}")
    return Run(wall, peak, err, usage.ru_utime + usage.ru_stime, driver_cpu, workers)


def cpu_split(runs: list[Run], n: int) -> str:
    """Median CPU microseconds per abstract: driver, workers, all."""
    driver = statistics.median(r.driver_cpu for r in runs) / n * 1e6
    total = statistics.median(r.cpu for r in runs) / n * 1e6
    return f"driver {driver:,.1f} us, workers {total - driver:,.1f} us, all {total:,.1f} us per abstract"


def harvest_cmd(corpus: Path, out: Path, jobs: int | None) -> list[str]:
    cmd = [sys.executable, "-m", "leaderboard", "harvest", str(corpus), "-o", str(out), "--no-corrections",
           "--no-progress", "-q"]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def extractor_in_use() -> str:
    """Which extraction modules a harvest started now imports (it runs with this environment)."""
    probe = "import parsers; print(parsers.COMPILED or '')"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
    return f"compiled (mypyc build {found})" if found else "pure Python (`leaderboard compile` builds the compiled one)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="abstracts in the corpus (default: %(default)s)")
    parser.add_argument("--corpus", type=Path, help="an existing JSON Lines corpus instead of a generated one")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure, the median is printed")
    parser.add_argument("--jobs", type=int, help="jobs of the main figure (default: all cores)")
    parser.add_argument("--scaling-n", type=int, help="measure 1 vs 2 jobs on the first K abstracts only "
                                                      "(default: the whole corpus)")
    parser.add_argument("--engine-overhead", action="store_true",
                        help="also time the harvest with extraction replaced by a no-op")
    parser.add_argument("--compile", action="store_true",
                        help="build the compiled extractor first (leaderboard compile) if it is not built")
    args = parser.parse_args(argv)

    if args.compile:
        subprocess.run([sys.executable, "-m", "leaderboard", "compile"], check=True, stdout=subprocess.DEVNULL)
    print(f"extractor: {extractor_in_use()}")
    corpus = corpus_file(args.n, args.corpus)
    n = sum(1 for _ in open(corpus, "rb"))
    size = corpus.stat().st_size
    print(f"corpus: {corpus} ({n:,} abstracts, {size / 2**20:.0f} MiB)")
    with tempfile.TemporaryDirectory(prefix="harvest-bench-") as tmp:
        tmp = Path(tmp)
        lexicon = lexicon_file(tmp)
        grep = [timed(["grep", "-c", "-i", "-F", "-f", str(lexicon), str(corpus)]).wall for _ in range(args.runs)]
        out = tmp / "scores.parquet"
        main_runs = [timed(harvest_cmd(corpus, out, args.jobs)) for _ in range(args.runs)]
        walls = [r.wall for r in main_runs]
        summary = main_runs[-1].err.strip().splitlines()[-1] if main_runs[-1].err.strip() else ""
        scaling, scaling_n = corpus, n
        if args.scaling_n and args.scaling_n < n:
            scaling, scaling_n = tmp / "scaling.jsonl", args.scaling_n
            with open(corpus, "rb") as src, open(scaling, "wb") as dst:
                for _, line in zip(range(scaling_n), src):
                    dst.write(line)
        one_runs, two_runs = [], []
        for _ in range(args.runs):            # interleaved: a busy spell of the machine hits both
            one_runs.append(timed(harvest_cmd(scaling, out, 1)))
            two_runs.append(timed(harvest_cmd(scaling, out, 2)))
        one, two = [r.wall for r in one_runs], [r.wall for r in two_runs]
    wall = statistics.median(walls)
    print(f"harvest: {summary}")
    print(f"throughput: {n / wall:,.0f} abstracts/s (median wall {wall:.2f} s of {args.runs} runs: "
          + ", ".join(f"{w:.2f}" for w in walls) + ")")
    print(f"grep -c -i -F -f LEXICON: median {statistics.median(grep):.2f} s; "
          f"harvest/grep wall ratio: {wall / statistics.median(grep):.1f}")
    print(f"CPU time: {cpu_split(main_runs, n)}")
    cores = args.jobs or len(os.sched_getaffinity(0))
    print(f"throughput if the {cores} cores did nothing else (abstracts / CPU seconds x cores, robust to a busy "
          f"machine): {n / statistics.median(r.cpu for r in main_runs) * cores:,.0f} abstracts/s")
    print(f"peak RSS (all processes): {max(r.peak for r in main_runs) / 2**20:,.0f} MiB")
    print(f"on {scaling_n:,} abstracts: 1 job {scaling_n / statistics.median(one):,.0f} abstracts/s; 2 jobs "
          f"{scaling_n / statistics.median(two):,.0f} abstracts/s; scaling 1 -> 2 jobs: "
          f"{statistics.median(one) / statistics.median(two):.2f}x")
    print(f"CPU time, 1 job: {cpu_split(one_runs, scaling_n)}; 2 jobs: {cpu_split(two_runs, scaling_n)}")
    on_cpu, waiting, asleep = two_runs[len(two_runs) // 2].worker_time()
    if on_cpu:
        life = on_cpu + waiting + asleep
        print(f"2 workers' time (sampled every 50 ms): {on_cpu / life:.0%} on a CPU, {waiting / life:.0%} waiting "
              f"for a CPU (other processes), {asleep / life:.0%} idle (waiting for the driver or for work)")
    if args.engine_overhead:
        for jobs in (1, 2):
            walls, driver, workers = engine_only(corpus, jobs, args.runs)
            print(f"engine without extraction, {jobs} job(s): {n / statistics.median(walls):,.0f} abstracts/s "
                  f"(median of {args.runs}); CPU per abstract: driver {driver / n * 1e6:,.1f} us, "
                  f"workers {workers / n * 1e6:,.1f} us")
    return 0


def engine_only(corpus: Path, jobs: int, runs: int) -> tuple[list[float], float, float]:
    """Wall times of the harvest with the extractor stubbed out (workers fork from this process),
    and the median CPU seconds of the driver (this process) and of the workers."""
    sys.path.insert(0, str(ROOT))
    import leaderboard.engines.work as work
    import leaderboard.pipeline as pipeline
    from leaderboard.engines import build
    pipeline.extract_scores = work.extract_scores = lambda abstract, title=None: []
    walls, driver, workers = [], [], []
    with tempfile.TemporaryDirectory(prefix="harvest-bench-") as tmp:
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            build([corpus], Path(tmp) / "scores.parquet", jobs=jobs, corrections=None)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(time.perf_counter() - started)
            driver.append(time.process_time() - cpu)
            workers.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, statistics.median(driver), statistics.median(workers)


if __name__ == "__main__":
    sys.exit(main())
