"""The child side of the sandbox: run a learner's function on the grader's inputs.

The parent (``sandbox.py``) copies this file next to the submission and starts
the copy in a fresh interpreter (``python -I [-S] _child.py``), inside the
operating-system sandbox when there is one, with its working directory set to a
throw-away folder. In order, it:

1. caps its own resources (address space, output file size, CPU time, no core
   dumps) and ignores ``SIGXFSZ`` so an over-long print fails instead of killing us;
2. reads the job (inputs, function name, channel fd, token) from stdin;
3. imports NumPy, then installs an audit hook (``sys.addaudithook``) that refuses
   reading the reference answers and the engine, writing outside the temp folder,
   importing scikit-learn or this package, starting processes, signalling others,
   and ``ctypes`` -- an early, friendly message only: the protection is the
   sandbox (nothing to read) and the parent (the verdict is made there);
4. imports the learner's module and calls the function once per input, sending
   one JSON line per call over the channel.

Nothing here decides pass or fail: the parent compares the values it receives
with expected values it computed itself. Whatever the learner's code does in this
process -- print ``PASSED``, patch this module, ``os._exit(0)``, write to the
channel -- can at most change the values the parent receives.

This file is also imported by the parent for :func:`encode` / :func:`decode`, so
both sides share one codec. It imports only the standard library (and NumPy once
running as the child), never ``mlmetrics_edu``.
"""

import json
import math
import os
import signal
import sys

# --------------------------------------------------------------------------- codec
# Values cross the process boundary as tagged JSON, never pickle: decoding can
# only ever build plain Python scalars, tuples/lists/dicts and NumPy arrays.

_ARRAY_KINDS = "biuf"  # bool, signed int, unsigned int, float: the dtypes we rebuild


def encode(value, np=None):
    """Turn a value into JSON-safe tagged data (unknown objects become a description)."""
    if np is None:
        import numpy as np
    t = type(value)
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        return {"t": "int", "v": value}
    if t is float:
        return {"t": "float", "v": _enc_float(value)}
    if t is str:
        return {"t": "str", "v": value}
    if t is tuple or t is list:
        return {"t": t.__name__, "v": [encode(v, np) for v in value]}
    if t is dict and all(type(k) is str for k in value):
        return {"t": "dict", "v": {k: encode(v, np) for k, v in value.items()}}
    if t is np.ndarray:
        if value.dtype.kind in _ARRAY_KINDS:
            flat = value.ravel().tolist()
            if value.dtype.kind == "f" and not np.isfinite(value).all():
                flat = [_enc_float(x) for x in flat]
            return {"t": "ndarray", "dtype": value.dtype.str, "shape": list(value.shape), "v": flat}
        if value.dtype.kind == "U":
            return {"t": "ndarray", "dtype": value.dtype.str, "shape": list(value.shape),
                    "v": value.ravel().tolist()}
    if isinstance(value, np.generic) and t.__module__ == "numpy" and value.dtype.kind in _ARRAY_KINDS:
        v = _enc_float(float(value)) if value.dtype.kind == "f" else value.item()
        return {"t": "npscalar", "dtype": value.dtype.str, "v": v}
    return {"t": "other", "type": _type_name(t), "repr": _safe_repr(value)}


class TooLarge(ValueError):
    """A value whose rebuilt size would pass the decoder's limit."""


MAX_DECODED = 64 << 20  # bytes: the most one decoded value may take in the parent


def decode(data, np=None, budget=None):
    """Rebuild a value from :func:`encode`'s output (the parent never unpickles).

    Every size is checked *before* anything is allocated: an array whose shape or dtype
    (``<U250000000``) would take more than :data:`MAX_DECODED` bytes in all, or whose data
    does not match its shape, is refused.
    """
    if np is None:
        import numpy as np
    if budget is None:
        budget = [MAX_DECODED]
    t = data["t"]
    if t == "none":
        return None
    if t in ("bool", "int", "str"):
        value = {"bool": bool, "int": int, "str": str}[t](data["v"])
        _spend(budget, len(value) if t == "str" else 8)
        return value
    if t == "float":
        _spend(budget, 8)
        return _dec_float(data["v"])
    if t in ("tuple", "list"):
        items = [decode(v, np, budget) for v in data["v"]]
        return tuple(items) if t == "tuple" else items
    if t == "dict":
        return {str(k): decode(v, np, budget) for k, v in data["v"].items()}
    if t == "ndarray":
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in _ARRAY_KINDS + "U":
            raise ValueError(f"refusing to decode an array of dtype {dtype}")
        shape = [int(n) for n in data["shape"]]
        if any(n < 0 for n in shape) or len(shape) > 32:
            raise ValueError(f"refusing to decode an array of shape {shape}")
        size = 1
        for n in shape:
            size *= n
        _spend(budget, size * max(dtype.itemsize, 1))
        if not isinstance(data["v"], list) or len(data["v"]) != size:
            raise ValueError("an array's data does not match its shape")
        values = data["v"]
        if dtype.kind == "f" and not all(type(v) is float or type(v) is int for v in values):
            values = [_dec_float(v) for v in values]
        return np.array(values, dtype=dtype).reshape(shape)
    if t == "npscalar":
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in _ARRAY_KINDS:
            raise ValueError(f"refusing to decode a scalar of dtype {dtype}")
        v = _dec_float(data["v"]) if dtype.kind == "f" else data["v"]
        return dtype.type(v)
    if t == "other":
        return Opaque(str(data["type"])[:200], str(data["repr"])[:400])
    raise ValueError(f"unknown value tag {t!r}")


def _spend(budget, nbytes):
    budget[0] -= nbytes
    if budget[0] < 0:
        raise TooLarge(f"more than {MAX_DECODED >> 20} MB once rebuilt")


class Opaque:
    """A value the child could not encode: its type name and a short repr."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)


def _enc_float(x):
    # JSON has no NaN/inf; spell them as strings so any JSON reader round-trips them.
    return x if math.isfinite(x) else repr(x)


def _dec_float(v):
    return float(v)


def _type_name(t):
    try:
        name = t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
        return name if type(name) is str else "?"
    except BaseException:  # noqa: BLE001 - a class with hostile attributes
        return "?"


def _safe_repr(value, limit=200):
    try:
        text = repr(value)
    except BaseException as exc:  # a hostile __repr__ is the learner's problem, not ours
        text = f"<unrepresentable: {type(exc).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- guard


class Refused(PermissionError):
    """Raised by the audit hook; a PermissionError so import machinery treats it as I/O."""


def install_guard(job, refused):
    """Install the audit hook described in the module docstring (cannot be removed)."""
    realpath, fspath, fsdecode, getcwd = os.path.realpath, os.fspath, os.fsdecode, os.getcwd
    join, sep = os.path.join, os.sep
    tmp = realpath(job["tmp_dir"])
    forbidden = [realpath(p) for p in job["forbidden_paths"]]
    blocked = tuple(job["blocked_imports"])
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
    from _thread import get_ident

    state = {"created": 0}
    busy = set()  # threads currently inside the hook (per thread: no window for another thread)

    def resolve(path):
        if isinstance(path, int):
            return None  # an already-open fd: nothing new is being reached
        path = fsdecode(fspath(path))
        return realpath(path if path.startswith(sep) else join(getcwd(), path))

    def under(path, root):
        return path == root or path.startswith(root + sep)

    def refuse(message):
        refused.append(message)
        raise Refused(f"refused by the drill grader: {message}")

    own_proc = f"/proc/{os.getpid()}"

    def check_read(path):
        p = resolve(path)
        if p is None:
            return
        if any(under(p, root) for root in forbidden):
            refuse(f"reading {p} (off limits to drill code: reference answers, the grader, other "
                   "submissions)")
        parts = p.split(sep)
        if len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit() and not under(p, own_proc):
            refuse(f"reading {p} (another process's memory and files are off limits)")

    def check_write(path, what):
        p = resolve(path)
        if p is not None and not under(p, tmp):
            refuse(f"{what} {p} (drill code may only write inside its temporary folder)")

    def hook(event, args):
        me = get_ident()
        if me in busy:
            return  # an event raised by the hook's own work
        busy.add(me)
        try:
            _hook(event, args)
        finally:
            busy.discard(me)

    def _hook(event, args):
        if event == "open":
            path, mode, flags = args
            writing = (mode is not None and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & write_flags)
            if writing:
                check_write(path, "writing")
                state["created"] += 1
                if state["created"] > 100:
                    refuse("opening more than 100 files for writing")
            check_read(path)
        elif event == "import":
            name = args[0]
            for b in blocked:
                if name == b or name.startswith(b + "."):
                    refuse(f"importing {name}: this drill asks you to implement it yourself")
        elif event in ("os.listdir", "os.scandir"):
            if args and args[0] is not None:
                check_read(args[0])
        elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.utime",
                       "os.truncate", "shutil.rmtree", "os.setxattr", "os.removexattr", "os.chflags"):
            check_write(args[0], event)
        elif event in ("os.rename", "os.link", "os.symlink", "shutil.copyfile", "shutil.copytree",
                       "shutil.move"):
            check_write(args[1], event)
            if event != "os.symlink":
                check_write(args[0], event)
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                       "os.fork", "os.forkpty", "pty.spawn", "os.startfile"):
            refuse(f"{event}: drills may not start other programs")
        elif event in ("os.kill", "os.killpg", "signal.pthread_kill", "resource.setrlimit",
                       "resource.prlimit", "sys.remote_exec"):
            refuse(f"{event}: drills may not signal processes or change limits")
        elif event.startswith("ctypes."):
            refuse(f"{event}: drills may not use ctypes")

    sys.addaudithook(hook)


# --------------------------------------------------------------------------- run


def _limit(resource, which, value):
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):  # a platform that will not lower a limit: keep going
        pass


def _set_limits(job):
    import resource

    _limit(resource, resource.RLIMIT_AS, int(job["memory_mb"]) << 20)
    _limit(resource, resource.RLIMIT_FSIZE, int(job["output_kb"]) << 10)
    _limit(resource, resource.RLIMIT_CORE, 0)
    _limit(resource, resource.RLIMIT_CPU, int(job["cpu_seconds"]))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over-long writes fail with EFBIG


def _safe_str(exc, limit=500):
    """``str(exc)``, even when the learner's ``__str__`` raises or returns a non-string."""
    try:
        text = str(exc)
        if type(text) is not str:
            raise TypeError("__str__ returned a non-string")
    except BaseException as inner:  # noqa: BLE001 - a hostile __str__ is reported, not propagated
        try:
            name = type(inner).__name__
        except BaseException:  # noqa: BLE001
            name = "exception"
        return f"<the exception's message could not be printed: its __str__ raised {name}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _class_name(t):
    try:
        name = t.__name__
        return name if type(name) is str else "?"
    except BaseException:  # noqa: BLE001
        return "?"


def _describe_error(exc, source_file, errno_efbig=27):
    """Exception type, message and the learner's own traceback lines."""
    try:
        return _describe(exc, source_file, errno_efbig)
    except BaseException:  # noqa: BLE001 - whatever the exception does, describe it plainly
        return {"type": _class_name(type(exc)), "chain": [], "message": "<the exception could not be "
                "described>", "frames": [], "output_cap": False}


def _describe(exc, source_file, errno_efbig):
    import linecache
    import traceback

    frames = []  # only the learner's frames: reading other files' lines is neither needed nor allowed
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == source_file:
            line = linecache.getline(source_file, lineno).strip()
            frames.append([lineno, frame.f_code.co_name, line])
    if isinstance(exc, SyntaxError) and exc.filename == source_file:
        frames.append([exc.lineno, "<module>", (exc.text or "").strip()])
    chain = [_class_name(c) for c in type(exc).__mro__]
    message = _safe_str(exc) if not isinstance(exc, SystemExit) else _safe_repr(exc.code)
    return {
        "type": _class_name(type(exc)),
        "chain": chain,
        "message": message,
        "frames": frames[-8:],
        "output_cap": isinstance(exc, OSError) and exc.errno == errno_efbig,
    }


def _flush():
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a capped or closed stream: nothing more to show
            pass


def _import(source_file, name):
    """("ok", module) or ("error", description): a file's module, imported once."""
    try:
        import importlib.machinery
        import importlib.util

        loader = importlib.machinery.SourceFileLoader(name, source_file)
        spec = importlib.util.spec_from_file_location(name, source_file, loader=loader)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return "ok", module
    except BaseException as exc:  # includes SystemExit raised at import time
        return "error", _describe_error(exc, source_file)


def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.path[:0] = [str(p) for p in job.get("sys_path", [])]  # NumPy, and nothing else we ship
    _set_limits(job)
    sys.dont_write_bytecode = True
    fd, token = int(job["fd"]), str(job["token"])
    write, dumps, perf = os.write, json.dumps, __import__("time").perf_counter
    seq = [0]

    def send(kind, u, **payload):
        # One line per message; the parent checks token, unit and sequence numbers.
        payload.update(tok=token, seq=seq[0], kind=kind, u=u)
        seq[0] += 1
        data = (dumps(payload) + "\n").encode()
        if len(data) > int(job["max_message"]):
            payload = {"tok": token, "seq": payload["seq"], "kind": payload.get("kind"), "u": u,
                       "i": payload.get("i"), "too_big": len(data)}
            data = (dumps(payload) + "\n").encode()
        while data:
            data = data[write(fd, data):]

    import numpy as np
    import linecache  # noqa: F401  (imported before the guard so failures can be described)
    import traceback  # noqa: F401

    refused = []
    install_guard(job, refused)
    modules = {}  # source file -> ("ok", module) | ("error", description)
    for u, unit in enumerate(job["units"]):
        _flush()  # the parent splits stdout between units at these messages
        before = len(refused)
        source_file = unit["source"]
        if source_file not in modules:
            modules[source_file] = _import(source_file, f"submission{len(modules)}")
        status, module = modules[source_file]
        fn = getattr(module, unit["function"], None) if status == "ok" else None
        if status != "ok":
            send("fatal", u, error=module, refused=list(refused[before:]))
            continue
        if not callable(fn):
            send("fatal", u, error={"type": "MissingFunction", "chain": [], "message":
                                    f"no function named {unit['function']} in your file",
                                    "frames": [], "output_cap": False}, refused=list(refused[before:]))
            continue
        send("ready", u, refused=list(refused[before:]))
        _run_calls(unit, fn, send, u, refused, source_file, np, perf)
        _flush()
        send("done", u)
    os._exit(0)  # skip interpreter teardown: no atexit, no flushing a capped stdout


def _run_calls(unit, fn, send, u, refused, source_file, np, perf):
    capped = None  # once the output cap is hit, every later call would hit it again: skip them
    for i, call in enumerate(unit["calls"]):
        if capped is not None:
            send("result", u, i=i, refused=[], ok=False, error=capped, seconds=0.0)
            continue
        args = [decode(a, np) for a in call["args"]]
        kwargs = {k: decode(v, np) for k, v in call["kwargs"].items()}
        before = len(refused)
        start = perf()
        try:
            value = fn(*args, **kwargs)
            outcome = {"ok": True, "value": encode(value, np)}
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too: report, go on
            outcome = {"ok": False, "error": _describe_error(exc, source_file)}
            capped = outcome["error"] if outcome["error"]["output_cap"] else None
        outcome["seconds"] = perf() - start
        send("result", u, i=i, refused=list(refused[before:]), **outcome)


if __name__ == "__main__":
    main()
