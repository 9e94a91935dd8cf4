"""The collector's log of one stylesheet run: how much a transformation keeps alive, and how much
of its peak is garbage not yet collected (run by hand; never in tests).

saxonche creates its GraalVM isolate without options, so the native image's own flags
(``-XX:+PrintGC``, ``-Xmn``...) cannot be given to it. A small library preloaded into the child
(compiled here with the C compiler, ``cc``) passes them: it takes ``graal_create_isolate``, and
when saxonche asks for an isolate without parameters it hands over ``TEI_EDITION_GC_FLAGS`` as the
isolate's arguments. The child renders one file (``identity`` or an output) and prints the log
and its peak resident memory; this script sums the log up: the live heap after each full
collection (what the transformation holds) against the heap before each collection.

    python bench/gc_log.py html FILE [--flags "-XX:+PrintGC -Xmn64m"]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
typedef struct {
  int version; unsigned long reserved_address_space_size;
  const char *auxiliary_image_path; unsigned long auxiliary_image_reserved_space_size;
  int argc; char **argv; int pkey; char r3, r4, r5;
} params_t;
typedef int (*create_t)(params_t *, void **, void **);
int graal_create_isolate(params_t *given, void **isolate, void **thread) {
  /* saxonche's core library is loaded privately (RTLD_LOCAL): find it by its path. */
  void *core = dlopen(getenv("TEI_EDITION_GC_CORE"), RTLD_NOW | RTLD_NOLOAD);
  create_t create = (create_t) dlsym(core, "graal_create_isolate");
  const char *flags = getenv("TEI_EDITION_GC_FLAGS");
  if (given != NULL || flags == NULL) return create(given, isolate, thread);
  static params_t params; static char *argv[32]; int argc = 0;
  char *copy = strdup(flags); argv[argc++] = "python";
  for (char *t = strtok(copy, " "); t && argc < 31; t = strtok(NULL, " ")) argv[argc++] = t;
  argv[argc] = NULL;
  memset(&params, 0, sizeof params);
  params.version = 3; params.argc = argc; params.argv = argv;  /* version 3: argc/argv */
  return create(&params, isolate, thread);
}
"""
CHILD = r"""
import contextlib, json, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import bench
import pipeline.publish.transform as transform
transform._saxon_quiet = contextlib.nullcontext  # the log goes to stderr, which the transformer silences
target, path = sys.argv[1], sys.argv[2]
print(json.dumps(bench._measure_memory(target, path)), flush=True)
"""
GC_LINE = re.compile(r"Pause (Full|Incremental) GC .*? ([\d.]+)M->([\d.]+)M ([\d.]+)ms")


def core_library() -> Path:
    import saxonche
    libs = Path(saxonche.__file__).parent / "saxonche.libs"
    (core,) = libs.glob("libsaxonc-core-*")
    return core


@contextmanager
def isolate_flags_env(flags: str):
    """The environment under which a child process's saxonche isolate gets ``flags``: the library
    above, compiled into a temporary folder for as long as the block runs. Needs ``cc``."""
    if shutil.which("cc") is None:
        raise SystemExit("needs a C compiler (cc) to build the library it preloads")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "shim.c").write_text(SHIM)
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", f"{tmp}/shim.so", f"{tmp}/shim.c", "-ldl"], check=True)
        yield {**os.environ, "LD_PRELOAD": f"{tmp}/shim.so", "TEI_EDITION_GC_CORE": str(core_library()),
               "TEI_EDITION_GC_FLAGS": flags}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=("identity", "html", "text", "fo"))
    parser.add_argument("file")
    parser.add_argument("--flags", default="-XX:+PrintGC", help="the native image's options for the isolate")
    args = parser.parse_args()
    if shutil.which("cc") is None:
        sys.stderr.write("gc_log: needs a C compiler (cc) to build the library it preloads\n")
        return 2
    with isolate_flags_env(args.flags) as env:
        child = CHILD.format(root=str(ROOT), bench=str(ROOT / "bench"))
        run = subprocess.run([sys.executable, "-c", child, args.target, os.path.abspath(args.file)],
                             env=env, capture_output=True, text=True)
    if run.returncode:
        sys.stderr.write(run.stderr[-2000:])
        return run.returncode
    log = (run.stdout + run.stderr).splitlines()
    matches = [m.groups() for m in map(GC_LINE.search, log) if m]
    pauses = [(kind, float(before), float(after)) for kind, before, after, _ in matches]
    paused = sum(float(ms) for *_, ms in matches) / 1000
    peak = json.loads([line for line in log if line.startswith("{")][-1])
    full = [after for kind, _, after in pauses if kind == "Full"]
    print(f"{args.target} {args.file}: peak resident {peak['peak_mb']:.0f} MB, {peak['seconds']:.1f} s")
    if pauses:
        print(f"  collections: {len(pauses)} ({len(full)} full), {paused:.1f} s paused; heap before a collection at most "
              f"{max(b for _, b, _ in pauses):.0f} MB; live after the last: {pauses[-1][2]:.0f} MB; "
              f"live after each full collection: {', '.join(f'{a:.0f}' for a in full)} MB")
    else:
        print("  no collection logged (a small file may need none; the log needs -XX:+PrintGC in --flags)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
