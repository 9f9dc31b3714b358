"""The extraction modules compiled to C by mypyc: the same code and rows, about a fifth less CPU.

The extractor is plain Python. For a harvest of millions of abstracts, ``leaderboard compile``
builds its modules (:data:`MODULES`) with mypyc, the compiler that ships with mypy, into a cache
folder named after a digest of every ``parsers/*.py`` source and the Python build. When
:mod:`parsers` is imported and a build for the current sources exists, that folder goes first in
the package's ``__path__``, so ``parsers.extract`` and the others are imported from it; the
modules not compiled (patterns, records, the readers' file formats) come from the sources as always.

A build of other sources is never used: editing a module means the pure-Python extractor runs
until the next ``leaderboard compile``, never a stale one. ``LEADERBOARD_EXTRACTOR=python``
forces the pure modules (the test suite does, because tests replace functions that compiled
modules call directly); ``LEADERBOARD_EXTRACTOR=compiled`` makes a missing build an error.
Rows are the same either way (tests/test_compiled_extractor.py).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

#: the modules compiled: the extractor proper, where the harvest spends its time, and the reading of
#: each record's fields and text, which every abstract passes through
MODULES = ("charmap", "screens", "numbers", "sentences", "settings", "lexicon", "model_names", "extract",
           "text", "paper_fields")
#: the package folder (the sources)
PACKAGE = Path(__file__).resolve().parent
#: LEADERBOARD_EXTRACTOR values
CHOICES = ("auto", "python", "compiled")


class BuildError(RuntimeError):
    """The compiled build could not be made (no mypy, no C compiler, a compile error)."""


def cache_root() -> Path:
    """$LEADERBOARD_COMPILED_DIR, else the user's cache folder."""
    given = os.environ.get("LEADERBOARD_COMPILED_DIR")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leaderboard" / "compiled"


def _mypy_version() -> str | None:
    try:
        from mypy.version import __version__
    except ImportError:
        return None
    return __version__


def build_key() -> str:
    """Digest of what a build depends on: every source of the package's top level (all modules,
    since compiled code relies on their types) and the Python build it links against.

    It is computed at every ``import parsers``, so it reads only the sources: not the mypy version
    (importing mypy, itself compiled, takes a twentieth of a second; a build stays valid whatever
    mypy is installed later, and ``leaderboard compile --force`` rebuilds with a new one)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{sys.version}|{sysconfig.get_platform()}".encode())
    return digest.hexdigest()[:20]


def build_folder(key: str | None = None) -> Path:
    return cache_root() / (key or build_key())


def complete(folder: Path) -> bool:
    """Does ``folder`` hold every compiled module and mypyc's support library they import?"""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return all((folder / "parsers" / f"{m}{suffix}").is_file() for m in MODULES) \
        and any(folder.glob(f"*__mypyc{suffix}"))


def choice() -> str:
    """LEADERBOARD_EXTRACTOR: 'auto' (the default), 'python' or 'compiled'."""
    value = os.environ.get("LEADERBOARD_EXTRACTOR", "auto").strip().lower() or "auto"
    if value not in CHOICES:
        raise ValueError(f"LEADERBOARD_EXTRACTOR={value!r}: expected one of {', '.join(CHOICES)}")
    return value


def activate(package_path: list[str]) -> str | None:
    """Put the build for the current sources first in ``package_path`` when there is one (and
    LEADERBOARD_EXTRACTOR allows); the folder used, or None for the pure-Python modules."""
    wanted = choice()
    if wanted == "python":
        return None
    folder = build_folder() if (wanted == "compiled" or cache_root().is_dir()) else None
    if folder is None or not complete(folder):
        if wanted == "compiled":
            raise BuildError(f"no compiled extractor for these sources in {cache_root()}: "
                             "run `leaderboard compile` first")
        return None
    sys.path.append(str(folder))                        # mypyc's shared support library
    package_path.insert(0, str(folder / "parsers"))
    return str(folder)


def build(force: bool = False, log=None) -> Path:
    """Compile :data:`MODULES` for the current sources (if not built already); the build folder.

    The sources are copied to a scratch folder and compiled there (mypyc writes its outputs
    beside the sources it compiles), and the result is moved into the cache under a temporary
    name and renamed into place, so a build that fails or is interrupted is never used.
    """
    mypy_version = _mypy_version()
    if mypy_version is None:
        raise BuildError("mypy is not installed: python3 -m pip install mypy")
    folder = build_folder()
    if complete(folder) and not force:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="leaderboard-compile-") as scratch:
        work = Path(scratch)
        shutil.copytree(PACKAGE, work / "parsers", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        (work / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n")
        command = [sys.executable, "-m", "mypyc", *(f"parsers/{m}.py" for m in MODULES)]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError("mypyc failed:\n" + (done.stdout + done.stderr)[-4000:])
        if log:
            log(f"compiled {', '.join(MODULES)} with mypyc {mypy_version}")
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
        (stage / "parsers").mkdir()
        for lib in work.glob("*__mypyc*.so"):
            shutil.move(str(lib), stage / lib.name)
        for m in MODULES:
            for ext in (work / "parsers").glob(f"{m}.*.so"):
                shutil.move(str(ext), stage / "parsers" / ext.name)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(stage, folder)
    if not complete(folder):
        raise BuildError(f"mypyc produced no module files in {folder}")
    return folder
