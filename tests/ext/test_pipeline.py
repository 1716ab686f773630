"""ext/__init__.py: the build pipeline its docstring writes down is the one the extensions
register, in an English and in a Vietnamese build of a project loading conf.py's extensions;
and every extension's setup(), every handler and transform it registers has type hints, which
mypy checks (nox -s lint)."""

import inspect
import runpy
import sys

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.transforms import SphinxTransform

import ext
from support import ROOT


def written_pipeline(text):
    """{event: [(priority, "module.handler"), ...]} as the docstring lists it: an event's name
    at the start of a line, then its handlers, indented, each line starting with its priority."""
    pipeline, event = {}, None
    for line in text.splitlines():
        if line[:1].isalpha() and line.split()[0].islower() and "-" in line.split()[0] + "-":
            event = line.split()[0]
        elif event and line.startswith(" ") and line.split()[0].isdigit() and line[:6].strip().isdigit():
            priority, handler = line.split()[:2]
            pipeline.setdefault(event, []).append((int(priority), handler))
    return pipeline


def name(handler):
    return f"{handler.__module__.removeprefix('ext.')}.{handler.__qualname__}"


def registered_pipeline(app):
    """The same, from what the extensions registered: each event's handlers from ext/, in the
    order Sphinx runs them (by priority, then as registered), and ext/'s transforms."""
    pipeline = {}
    for event, listeners in app.events.listeners.items():
        for listener in sorted(listeners, key=lambda listener: listener.priority):
            if listener.handler.__module__.startswith("ext."):
                pipeline.setdefault(event, []).append((listener.priority, name(listener.handler)))
    transforms = sorted((t for t in app.registry.get_transforms() if t.__module__.startswith("ext.")),
                        key=lambda transform: transform.default_priority)
    pipeline["transforms"] = [(transform.default_priority, name(transform)) for transform in transforms]
    return pipeline


CONF_EXTENSIONS = runpy.run_path(str(ROOT / "conf.py"))["extensions"]


@pytest.fixture(scope="module", params=["en", "vi"])
def app(request, tmp_path_factory):
    """A project loading conf.py's extensions, in one language, set up and not built."""
    folder = tmp_path_factory.mktemp(f"pipeline-{request.param}")
    (folder / "conf.py").write_text(
        f"extensions = {CONF_EXTENSIONS!r}\nhtml_theme = 'furo'\n"
        "guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}\n",
        encoding="utf-8",
    )
    (folder / "index.md").write_text("# Title\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=folder, confoverrides={"language": request.param})
    yield app
    app.cleanup()  # the nodes and directives docutils keeps for the whole process


def test_the_pipeline_is_the_one_ext_init_writes_down(app):
    written, registered = written_pipeline(ext.__doc__), registered_pipeline(app)
    for event in sorted(written.keys() | registered.keys()):
        assert registered.get(event) == written.get(event), (
            f"{event}: the extensions register {registered.get(event)}, ext/__init__.py lists "
            f"{written.get(event)}: change both together")


def test_the_written_pipeline_is_read_whole():
    """The parser of the docstring sees each event and handler it holds (a typo in a line's
    layout would leave a handler out of both sides of the comparison)."""
    pipeline = written_pipeline(ext.__doc__)
    listed = sum(line[:6].strip().isdigit() for line in ext.__doc__.splitlines() if line.startswith(" "))
    assert sum(len(handlers) for handlers in pipeline.values()) == listed > 30
    assert next(iter(pipeline)) == "config-inited" and "build-finished" in pipeline



def test_every_setup_and_handler_of_ext_has_type_hints(app):
    functions = [sys.modules[extension].setup for extension in CONF_EXTENSIONS if extension.startswith("ext.")]
    functions += [listener.handler for listeners in app.events.listeners.values() for listener in listeners
                  if listener.handler.__module__.startswith("ext.")]
    functions += [transform.apply for transform in app.registry.get_transforms()
                  if issubclass(transform, SphinxTransform) and transform.__module__.startswith("ext.")]
    untyped = []
    for function in functions:
        signature = inspect.signature(function)
        parameters = [parameter for parameter in signature.parameters.values() if parameter.name != "self"]
        if signature.return_annotation is inspect.Signature.empty or any(
                parameter.annotation is inspect.Parameter.empty for parameter in parameters):
            untyped.append(f"{function.__module__}.{function.__qualname__}")
    assert untyped == []
