"""What the benchmark scripts share: the release build, the generated presets, and the table each
writes between its markers in docs/BENCHMARKS.md. Python 3 standard library only."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
MD_PATH = os.path.join(ROOT, "docs", "BENCHMARKS.md")


def build():
    """A release netsched in .build-bench; its path."""
    scratch = os.path.join(ROOT, ".build-bench")
    subprocess.run(["swift", "build", "-c", "release", "--product", "netsched", "--scratch-path", scratch], cwd=ROOT, check=True)
    return os.path.join(scratch, "release", "netsched")


def ensure_presets(netsched, presets=("district", "cluster")):
    """Generates Benchmarks/instances/PRESET.json (seed 1) where missing."""
    os.makedirs(os.path.join(BENCH, "instances"), exist_ok=True)
    for preset in presets:
        path = os.path.join(BENCH, "instances", preset + ".json")
        if not os.path.exists(path):
            subprocess.run([netsched, "generate", "--preset", preset, "--seed", "1", "--out", path], check=True)


def commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def write_block(name, heading, table):
    """Puts `table` between the `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers of
    docs/BENCHMARKS.md, or at its end under `## heading` when the markers are not there yet."""
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    text = open(MD_PATH).read()
    block = begin + table + end
    if begin in text:
        a, b = text.index(begin), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n## %s\n\n%s\n" % (heading, block)
    open(MD_PATH, "w").write(text)
