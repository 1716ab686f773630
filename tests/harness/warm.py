"""A warm start for the Python processes the tests run to their end: `python <file>`,
`python -c <source>`, `python -m <module>` (a `flask` command is `python -m flask`, a pytest
session of a snippet's tests `python -m pytest`).

Most of such a process's time is spent importing Flask, Werkzeug, SQLAlchemy and
Flask-SQLAlchemy, the same for every snippet. A server process imports those libraries once
(LIBRARIES, whatever of them this environment has), then forks for each run: the child takes the
run's stdin, stdout and stderr, environment, working folder, import path, argv and a new
`__main__`, and runs the file, source or module as the interpreter would, to the interpreter's
own end (threads joined, atexit functions run, its exit status). Nothing of the reader's project
is imported before the fork, so an import-time error in a snippet is raised in the run, as in
a reader's process; a library's own import is no longer part of the run (none of LIBRARIES
writes a warning when imported: the server refuses to start if one does).

What a warm run would show otherwise, made the same: its stack has the server's frames beneath
its first one, which a stack printed whole shows (logging's "Call stack:"): the client takes
them out of the output; Python 3.13 shows the lines of `-c`'s source in a traceback: the child
gives them to linecache as the interpreter does. What stays the server's: the hash seed (one per
server, not one per run), the process's parent, and what importing the libraries did (a warning
filter of theirs is there in a run that never imports them). tests/test_warm.py compares warm runs with
runs in a new interpreter.

Where the warm start is not allowed (tests/harness/reader.py decides; those runs start a new
interpreter):
- tests marked `cold`: gevent's monkey patching must run before threading, socket and ssl are
  imported, which the libraries above do (tests/test_fix_gevent_socketio.py); what the
  interpreter prints when a sys.excepthook fails, which differs from one Python to another
  (tests/test_fix_callbacks.py);
- a run whose environment sets a PYTHON... variable the server was not started with (only
  PYTHONPATH and PYTHONDONTWRITEBYTECODE are applied in the child), or a command other than the
  three forms above (console scripts, shell lines, interpreter options such as -W);
- processes that run until stopped (servers, workers: Reader.start), which the tests signal
  and whose process group they stop.

Run as a script, this file is a server: `python warm.py SOCKET LIBRARY...`; the client (run())
starts one on first use, per test process and list of libraries (LIBRARIES; PYTEST for the
pytest sessions that Reader.pytest runs), and stops it when the test process ends."""

import json
import os
import signal
import socket
import sys

# what a server imports before it forks: what most snippets import; absent ones are skipped
LIBRARIES = ("flask", "flask.cli", "werkzeug.test", "sqlalchemy", "sqlalchemy.orm", "flask_sqlalchemy")
# for `python -m pytest` (Reader.pytest), a server of its own: pytest too, none of its plugins,
# which pytest imports itself (to rewrite their asserts), and never in the snippets' runs
PYTEST = (*LIBRARIES, "pytest")
# the PYTHON... variables a child applies itself (any other must equal the server's)
APPLIED = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}


# -- the server (stdlib only; nothing of the tests is imported into it) ---------------------------

def serve(address, libraries):
    import warnings

    # Warnings shown while importing are recorded, not printed; the filters a library adds when
    # imported stay, as in a run (Flask-SQLAlchemy 2.5 shows its own deprecations "always").
    shown = []
    show = warnings.showwarning
    warnings.showwarning = lambda *warning, **options: shown.append(warning)
    try:
        for name in libraries:
            before = set(sys.modules)
            try:
                __import__(name)
            except ImportError:  # not in this environment: forget what the attempt imported
                for module in set(sys.modules) - before:
                    del sys.modules[module]
    finally:
        warnings.showwarning = show
    if shown:
        sys.exit(f"warm.py: importing {libraries} shows warnings, which a run would not: {shown}")
    base_path = sys.path[1:]  # sys.path[0] is this file's folder
    # every child waited for, so that the processor time of the runs counts in the tests' own
    # (nox -s bench adds up the whole process tree's)
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGTERM, _end)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(f"{address}.new")
    listener.listen(16)
    os.rename(f"{address}.new", address)  # the client connects once the address exists
    while True:
        connection, _ = listener.accept()
        message, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
        if os.fork() == 0:
            listener.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _supervise(connection, json.loads(message), fds, base_path)  # never returns
        connection.close()
        for fd in fds:
            os.close(fd)


def _reap(*_):
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _end(*_):
    """SIGTERM: wait for the runs still going, then end."""
    try:
        while True:
            os.waitpid(-1, 0)
    except ChildProcessError:
        os._exit(0)


def _supervise(connection, request, fds, base_path):
    """In a child of the server: fork the run, send its pid, then its wait status."""
    pid = os.fork()
    if pid == 0:
        connection.close()
        _run(request, fds, base_path)  # never returns
    for fd in fds:
        os.close(fd)
    connection.send(b"%d" % pid)
    _, status = os.waitpid(pid, 0)
    connection.send(b"%d" % status)
    os._exit(0)


def _run(request, fds, base_path):
    """Become the interpreter the run asked for, then run it (this process ends with it)."""
    import builtins
    import faulthandler
    import importlib
    import importlib.machinery
    import linecache
    import types

    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    if os.environ.get("PYTHONFAULTHANDLER"):
        faulthandler.enable()  # on the run's stderr
    form, *args = request["argv"]  # ["-c", source, ...], ["-m", module, ...], [file, ...]
    first = {"-c": "", "-m": os.getcwd()}.get(form, None)
    if first is None:
        first = os.path.dirname(os.path.realpath(form))
    python_path = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = [first, *dict.fromkeys(python_path), *base_path]
    importlib.invalidate_caches()

    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    if sys.version_info < (3, 14):
        main.__annotations__ = {}
    sys.modules["__main__"] = main
    try:
        if form == "-m":
            import runpy

            sys.argv = ["-m", *args[1:]]
            runpy._run_module_as_main(args[0])  # what `python -m` calls: its frames as theirs
        elif form == "-c":
            main.__loader__ = importlib.machinery.BuiltinImporter
            sys.argv = ["-c", *args[1:]]
            if sys.version_info >= (3, 13):  # which shows the lines of -c's source in a traceback
                lines = [line + "\n" for line in args[0].split("\n")]
                linecache.cache["<string>"] = (len(args[0]), None, lines, "<string>")
            exec(compile(args[0], "<string>", "exec"), main.__dict__)
        else:
            path = os.path.abspath(form)
            main.__file__, main.__cached__ = path, None
            main.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
            sys.argv = [form, *args]
            with open(path, "rb") as file:
                source = file.read()
            exec(compile(source, path, "exec"), main.__dict__)
    except SystemExit:
        raise
    except BaseException as error:  # as the interpreter prints it, from the run's first frame
        error.__traceback__ = error.__traceback__.tb_next
        try:
            sys.excepthook(type(error), error, error.__traceback__)
        except SystemExit:
            raise
        except BaseException:  # what the interpreter then prints differs from version to version
            sys.stderr.write("warm.py: the run's sys.excepthook failed; mark the test cold\n")
        sys.exit(1)
    sys.exit(0)


# -- the client: the tests' side ---------------------------------------------------------------

_servers = {}  # this test process's servers, by what they import: Popen, address, environment


def allowed(argv, env, libraries=LIBRARIES):
    """Whether `argv` (a list) with environment `env` may run warm, from a server that has
    imported `libraries`."""
    if not isinstance(argv, list) or len(argv) < 2 or argv[0] != sys.executable:
        return False
    if argv[1] not in ("-c", "-m") and (argv[1].startswith("-") or not os.path.isfile(argv[1])):
        return False
    server_env = _servers[libraries]["env"] if libraries in _servers else _server_environment(env)
    return all(env.get(key) == server_env.get(key)
               for key in env.keys() | server_env.keys() if key.startswith("PYTHON") and key not in APPLIED)


def _server_environment(env):
    return {key: value for key, value in env.items() if key not in APPLIED and key != "DATABASE_URL"}


def _start(env, libraries):
    import atexit
    import subprocess
    import tempfile
    import time

    folder = tempfile.mkdtemp(prefix="warm-")
    address = os.path.join(folder, "socket")
    server_env = _server_environment(env)
    log = open(os.path.join(folder, "server.log"), "w+")
    popen = subprocess.Popen([sys.executable, __file__, address, *libraries], env=server_env, cwd=folder,
                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(address):
        if popen.poll() is not None or time.monotonic() > deadline:
            popen.kill()
            log.seek(0)
            raise RuntimeError(f"the warm-start server did not start: {log.read()}")
        time.sleep(0.01)
    _servers[libraries] = server = dict(popen=popen, address=address, env=server_env, folder=folder, log=log)
    atexit.register(_stop, server)


def _stop(server):
    import shutil
    import subprocess

    popen = server["popen"]
    popen.terminate()
    try:
        popen.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever is left of the runs
        os.killpg(popen.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    popen.wait()
    server["log"].close()
    shutil.rmtree(server["folder"], ignore_errors=True)


def run(argv, *, cwd, env, input, timeout, libraries=LIBRARIES):
    """subprocess.run(argv, cwd=cwd, env=env, input=input, capture_output=True, text=True,
    timeout=timeout), run warm (allowed(argv, env, libraries) must be true): its
    CompletedProcess, or subprocess.TimeoutExpired once the run, past its timeout, is killed
    with its stacks."""
    import locale
    import selectors
    import subprocess
    import time

    from harness.deadlines import kill_pid_with_stacks

    if libraries not in _servers:
        _start(env, libraries)
    deadline = time.monotonic() + timeout
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    in_r, in_w = os.pipe() if input is not None else (os.open(os.devnull, os.O_RDONLY), None)
    request = json.dumps({"argv": argv[1:], "cwd": str(cwd), "env": env}).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as connection:
        connection.connect(_servers[libraries]["address"])
        socket.send_fds(connection, [request], [in_r, out_w, err_w])
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        pid = int(connection.recv(64))
        chunks, status = {out_r: [], err_r: []}, None
        pending = (input or "").encode(locale.getpreferredencoding(False)) if in_w is not None else b""
        with selectors.DefaultSelector() as selector:
            for fd in chunks:
                selector.register(fd, selectors.EVENT_READ)
            selector.register(connection, selectors.EVENT_READ)
            if in_w is not None:
                selector.register(in_w, selectors.EVENT_WRITE)
            while selector.get_map():
                left = deadline - time.monotonic()
                events = selector.select(left) if left > 0 else []
                if not events:
                    break
                for key, _ in events:
                    if key.fileobj is connection:
                        status = int(connection.recv(64))
                        selector.unregister(connection)
                    elif key.fd == in_w:
                        written = os.write(in_w, pending[:65536]) if pending else 0
                        pending = pending[written:]
                        if not pending:
                            selector.unregister(in_w)
                            os.close(in_w)
                            in_w = None
                    else:
                        data = os.read(key.fd, 65536)
                        if data:
                            chunks[key.fd].append(data)
                        else:
                            selector.unregister(key.fd)
        if status is None:  # past its timeout
            kill_pid_with_stacks(pid, argv, [out_r, err_r])
            for fd in (out_r, err_r) + ((in_w,) if in_w is not None else ()):
                os.close(fd)
            output, errors = (_text(b"".join(chunks[fd])) for fd in (out_r, err_r))
            raise subprocess.TimeoutExpired(argv, timeout, output=output, stderr=errors)
    os.close(out_r)
    os.close(err_r)
    stdout, stderr = (_text(b"".join(chunks[fd])) for fd in (out_r, err_r))
    return subprocess.CompletedProcess(argv, os.waitstatus_to_exitcode(status), stdout, stderr)


def _text(data):
    """Bytes as subprocess.run(..., text=True) decodes them (universal newlines), without the
    server's frames: a stack printed whole (logging's "Call stack:", traceback.print_stack())
    has the server's frames beneath the run's first one, where a reader's process has none."""
    import locale

    text = data.decode(locale.getpreferredencoding(False), "replace").replace("\r\n", "\n").replace("\r", "\n")
    if _FRAME not in text:
        return text
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(_FRAME):
            skipping = True
        elif not (skipping and line.startswith("    ")):  # a frame's source and ^^^ lines
            skipping = False
            kept.append(line)
    return "".join(kept)


_FRAME = f'  File "{os.path.abspath(__file__)}", line '  # one of the server's frames


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
