"""The GraalVM isolate Saxon runs in: created here, with its young generation bounded.

saxonche is SaxonC compiled by GraalVM's native image. Saxon's objects live in an *isolate*, a
Java heap of its own that saxonche creates, without options, when the first processor is made. Its
collector (the Serial GC with GraalVM's adaptive policy) then grows the young generation for as long
as collecting takes more than 5% of the time. Rendering a large document therefore peaks at a size
that depends on when the collector happened to decide: the FO of the 41 MB benchmark TEI peaked
near 430 MB in some runs and near 600 MB in others of the same code (its young generation grew to
100 or to 300 MB), while what the stylesheets keep alive is the same 190 MB. Keeping 50 MB less alive
(an experiment) did not lower the peaks; bounding the young generation did.

saxonche has no way to pass the isolate options. But its C++ layer creates the isolate only when
none exists: it keeps the isolate in ``SaxonProcessor::sxn_environ`` (isolate, thread, main
thread) with the flag ``SaxonProcessor::jvmCreatedCPP``. So before the first processor is made,
:func:`create_isolate` calls GraalVM's own entry point ``graal_create_isolate`` (which saxonche's
core library exports) with the options and hands the isolate over through those two variables;
saxonche then uses it as its own. That layout is saxonche's, not a published interface: it is used
only with the saxonche release it was read from (:data:`VERIFIED_SAXONCHE`), on Linux. Anywhere
else saxonche creates its isolate as it always has.

A process told that the documents it may read are few and small (:func:`expect_documents`: an
editor's texts) gets a larger young generation instead, from the start, so that what it compiles
and renders is never collected at all (:data:`SMALL_WORK_HEAP`).

``TEI_EDITION_SAXON_OPTIONS`` adds options of the native image's collector (a maximum heap for a
worker, its log); :func:`isolate_options` says which are taken. Anything else is refused with one
line: the native image ends the whole process on an option it does not know.
"""
from __future__ import annotations

import glob
import os
import re
import sys

from ..errors import EditionError

#: The young generation's bound. On the 41 MB benchmark TEI (bench.py --only memory, seven runs a
#: batch), saxonche's own isolate peaked at 431-639 MB in FO (median 14.7x the input), 421-589 in
#: HTML, 410-546 in the text; with this bound, in two batches, at 435-459, 422-454 and 400-439, the
#: three 3-6% slower there (more, smaller collections). On the corpus, in alternated fresh processes,
#: HTML 2-4% and FO 1-2% slower than with saxonche's own sizing, the text the same. 32 MB was slower
#: still and peaked higher in FO (450-466 MB); 128 MB peaked higher too (434-484).
YOUNG_GENERATION = "-XX:MaxNewSize=64m"
#: Documents this large in all (bytes of TEI) or smaller are small work (the diary's project, its
#: TEI or its source counted at the TEI's size, and its registers: 0.15-0.17 MB).
SMALL_WORK_BYTES = 1_000_000
#: The heap of a process whose work is small. The collector's first collection comes when the young
#: generation's first size (half the initial heap, 64 MB, less its survivor spaces: 48 MB) is
#: allocated, and copies what is live twice (the policy follows a first collection with a complete
#: one while it has timed none). Each process of a cold build compiles one or two stylesheets,
#: allocating 120-144 MB (one collection with a young generation of 160 MB, none with 192 MB): with
#: 64 MB the diary's build collected four times, 170-240 ms of CPU on a quiet machine, against the
#: fresh memory each process now touches instead. The initial heap (-Xms) makes the young
#: generation this large from the start, with room to spare; memory is taken only as it is
#: allocated: the diary's build peaked at 206 MB against 152 (its largest process). Cold diary
#: builds, four runs of 12-16 alternated pairs: wall -4.0% to -7.3%, CPU -2.9% to -7.6%.
#: Larger work keeps the bound above: a 7.5 MB TEI rendered no faster with 192 MB and peaked 90 MB
#: higher, and a collection's long-lived workers pay their collections once per many documents
#: (the corpus's 39 files built with this heap: largest process 233-239 -> 370-372 MB).
SMALL_WORK_HEAP = ("-XX:MaxNewSize=256m", "-Xms512m")
#: The environment variable with further options for the isolate, separated by white space.
OPTIONS_VARIABLE = "TEI_EDITION_SAXON_OPTIONS"
#: The versions of saxonche's libraries (their file names end in it) whose C++ layer was read for
#: the two variables above: create_graalvm_isolate writes the isolate and thread at offsets 0 and 8
#: of sxn_environ and copies the thread to 16.
VERIFIED_SAXONCHE = ("13.1.1",)

#: What the environment may give, and nothing else: the heap's sizes, its shares of the machine's
#: memory, and the switches of the collector's log. Patterns as text, compiled (and cached by ``re``)
#: when an option is there to match: every build imports this module, a no-op one too, and
#: compiling them cost it about a millisecond.
_SIZED = ("-Xms", "-Xmx", "-Xmn", "-XX:MaxHeapSize=", "-XX:MinHeapSize=", "-XX:MaxNewSize=")
_SHARES = ("-XX:MaximumHeapSizePercent=", "-XX:MaximumYoungGenerationSizePercent=")
_LOG_SWITCHES = ("PrintGC", "VerboseGC", "PrintGCSummary", "PrintGCTimes")
_YOUNG = ("-Xmn", "-XX:MaxNewSize=")
_SIZE = r"[1-9][0-9]*[kKmMgG]?"
_TAKEN = "|".join([
    *(re.escape(name) + f"(?P<size{index}>{_SIZE})" for index, name in enumerate(_SIZED)),
    *(re.escape(name) + "(?:[1-9][0-9]?|100)" for name in _SHARES),
    r"-XX:[+-](?:" + "|".join(_LOG_SWITCHES) + ")"])
_LOGGING = r"-XX:\+(?:" + "|".join(_LOG_SWITCHES) + ")"
_LEAST_HEAP_BYTES = 16 * 1024 ** 2  # below this a heap cannot hold Saxon itself
_LEAST_YOUNG_BYTES = 1024 ** 2  # two of the collector's chunks
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


_expected_bytes: int | None = None  # as expect_documents was told


def expect_documents(total_bytes: int | None) -> None:
    """Say how many bytes of TEI this process may read in all (None: not known), before Saxon starts
    in it: the isolate is made once, for the whole process (:func:`isolate_options`)."""
    global _expected_bytes
    _expected_bytes = total_bytes


def isolate_options(environ: dict[str, str] | None = None, total_bytes: int | None = None) -> list[str]:
    """The isolate's options: the young generation's bound, or the heap of small work where the
    documents the process may read (``total_bytes``, by default what :func:`expect_documents` was
    told) are small in all; then ``TEI_EDITION_SAXON_OPTIONS``'s (a later option wins). Raises
    :class:`EditionError` for an option this module does not pass."""
    given = (os.environ if environ is None else environ).get(OPTIONS_VARIABLE, "")
    expected = _expected_bytes if total_bytes is None else total_bytes
    options = [*SMALL_WORK_HEAP] if expected is not None and expected <= SMALL_WORK_BYTES else [YOUNG_GENERATION]
    for option in given.split():
        taken = re.fullmatch(_TAKEN, option)
        if not taken:
            raise EditionError(
                f"{OPTIONS_VARIABLE}: {option!r} is not an option tei-edition passes to Saxon (it takes "
                f"{'<size>, '.join(_SIZED)}<size>, "
                f"{'<1-100>, '.join(_SHARES)}<1-100> and -XX:+{', -XX:+'.join(_LOG_SWITCHES)})", rule="saxon-options")
        size = next((value for value in taken.groupdict().values() if value), None)
        young = option.startswith(_YOUNG)
        least = _LEAST_YOUNG_BYTES if young else _LEAST_HEAP_BYTES
        if size and _bytes(size) < least:
            raise EditionError(f"{OPTIONS_VARIABLE}: {option!r} is too small {'a young generation' if young else 'a heap'}"
                               f" for Saxon ({least // 1024 ** 2}m at least)", rule="saxon-options")
        options.append(option)
    return options


def logs_collections(options: list[str]) -> bool:
    """Whether ``options`` ask the collector for its log (which it writes on stderr)."""
    return any(re.fullmatch(_LOGGING, option) for option in options)


def _bytes(size: str) -> int:
    unit = size[-1].lower() if size[-1].isalpha() else ""
    return int(size[:-1] if unit else size) * _UNITS[unit]


def create_isolate(options: list[str]) -> bool:
    """Create Saxon's isolate with ``options`` before saxonche would, where saxonche is a verified
    release on Linux and has made no isolate yet. Returns whether it did; False leaves saxonche to
    make its own. Raises :class:`EditionError` if GraalVM refuses the options, or if options were
    asked for through the environment where they cannot be given."""
    libraries = _saxonche_libraries()
    if libraries is None:
        if set(options) - {YOUNG_GENERATION, *SMALL_WORK_HEAP}:  # asked for by the environment
            raise EditionError(f"{OPTIONS_VARIABLE} needs saxonche {' or '.join(VERIFIED_SAXONCHE)} on Linux, "
                               f"whose isolate tei-edition can create", rule="saxon-options")
        return False
    import ctypes

    core, cpp = libraries
    created = ctypes.c_int.in_dll(cpp, "_ZN14SaxonProcessor13jvmCreatedCPPE")
    environment = ctypes.c_void_p.in_dll(cpp, "_ZN14SaxonProcessor11sxn_environE")
    if created.value:
        return False

    class Parameters(ctypes.Structure):  # graal_create_isolate_params_t, version 3 (argc and argv)
        _fields_ = [("version", ctypes.c_int), ("reserved_address_space_size", ctypes.c_size_t),
                    ("auxiliary_image_path", ctypes.c_char_p), ("auxiliary_image_reserved_space_size", ctypes.c_size_t),
                    ("argc", ctypes.c_int), ("argv", ctypes.POINTER(ctypes.c_char_p)),
                    ("pkey", ctypes.c_int), ("reserved", ctypes.c_char * 3)]

    class Environment(ctypes.Structure):  # SaxonC's sxnc_environment
        _fields_ = [("isolate", ctypes.c_void_p), ("thread", ctypes.c_void_p), ("mainthread", ctypes.c_void_p)]

    # saxonche reads the environment on every call, up to its own teardown after Python has
    # finalised its objects: so it, and the arguments GraalVM may keep, live in memory of malloc's,
    # never freed (a Python-owned structure crashed the process at exit).
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    arguments = [b"tei-edition", *(option.encode("ascii") for option in options)]
    argv = ctypes.cast(libc.malloc(ctypes.sizeof(ctypes.c_char_p) * (len(arguments) + 1)),
                       ctypes.POINTER(ctypes.c_char_p))
    for index, argument in enumerate(arguments):
        copy = libc.malloc(len(argument) + 1)
        ctypes.memmove(copy, argument + b"\0", len(argument) + 1)
        argv[index] = ctypes.cast(copy, ctypes.c_char_p)
    argv[len(arguments)] = None
    parameters = Parameters(version=3, argc=len(arguments), argv=argv)
    isolate, thread = ctypes.c_void_p(), ctypes.c_void_p()
    if core.graal_create_isolate(ctypes.byref(parameters), ctypes.byref(isolate), ctypes.byref(thread)) != 0:
        raise EditionError(f"Saxon's heap could not be made with the options {' '.join(options)}", rule="saxon-options")
    address = libc.malloc(ctypes.sizeof(Environment))
    handed = Environment.from_address(address)
    handed.isolate, handed.thread, handed.mainthread = isolate, thread, thread
    environment.value = address
    created.value = 1
    return True


def _saxonche_libraries():
    """saxonche's core (GraalVM) and C++ libraries, loaded, if they are a release whose layout is
    known (the version their file names end in); else None. Loading them by path before saxonche
    does is harmless: the extension then finds them loaded, by their names."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from importlib import util
        spec = util.find_spec("saxonche")
        libraries = os.path.join(os.path.dirname(spec.origin), "saxonche.libs")
        (core,) = glob.glob(os.path.join(libraries, "libsaxonc-core-*.so.*"))
        (cpp,) = glob.glob(os.path.join(libraries, "libsaxonc-he-*.so.*"))
        if not all(path.rpartition(".so.")[2] in VERIFIED_SAXONCHE for path in (core, cpp)):
            return None
        import ctypes
        core, cpp = ctypes.CDLL(core), ctypes.CDLL(cpp)
        core.graal_create_isolate  # noqa: B018 (each symbol must be there)
        ctypes.c_int.in_dll(cpp, "_ZN14SaxonProcessor13jvmCreatedCPPE")
        ctypes.c_void_p.in_dll(cpp, "_ZN14SaxonProcessor11sxn_environE")
    except (ImportError, ValueError, OSError, AttributeError, TypeError):
        return None  # another layout or install: saxonche makes its own isolate
    return core, cpp
