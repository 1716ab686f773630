"""Code that runs at import time: module-level reads, decorator arguments, class bodies (admin
views of Flask-Admin and Flask-AppBuilder among them), set-up through the current_app proxy,
extension objects fetched from current_app."""

import re
import sys
import time
from importlib.metadata import version

import pytest
from flask import Flask

from harness.apps import user_names
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
    first_line,
    for_this_flask,
)
from harness.output import normalise
from harness.recordings import assert_recorded
from harness.servers import free_port, gunicorn_command
from myapp import create_app, db
from myapp.models import User


@pytest.mark.parametrize(
    "module",
    [
        "import_time_broken",
        "import_time_decorator_broken",
        "import_time_class_broken",
        "import_time_form_broken",
        "import_time_proxy_broken",
        "import_time_object_broken",
        "api_spec_broken",
    ],
)
def test_importing_the_module_without_a_context_fails(reader, module):
    with pytest.raises(RuntimeError) as raised:
        reader.load(module)
    assert first_line(raised.value) == APP_CONTEXT_ERROR


@pytest.mark.parametrize(
    ("module", "recording"),
    [
        ("import_time_broken", "import_time"),
        ("import_time_decorator_broken", "import_time_decorator"),
        ("import_time_class_broken", "import_time_class"),
        ("import_time_form_broken", "import_time_form"),
        ("import_time_proxy_broken", "import_time_proxy"),
        ("import_time_object_broken", "import_time_object"),
        ("api_spec_broken", "api_spec"),
    ],
)
def test_flask_cannot_import_the_module(reader, module, recording):
    """As a reader meets it: `flask --app <module> run` (here `routes`) imports the module."""
    result = reader.flask(module, "routes")
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded(recording, result.stderr)


def test_a_servers_worker_cannot_import_the_module_either(reader):
    """`gunicorn import_time_broken:app`: the worker imports the module to find the application
    in it, fails to boot, and gunicorn stops."""
    command = [part.format(port=free_port()) for part in gunicorn_command(app="import_time_broken:app")]
    result = reader.run(command)
    assert result.returncode != 0
    assert "Worker failed to boot" in result.stderr
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    # gunicorn 27 logs the error's message once more after the traceback: a paste ends before
    log, message = result.stderr, APP_CONTEXT_ERROR.partition(": ")[2]
    again = log.find(f"\n{message}\n", log.index(APP_CONTEXT_ERROR))
    assert_recorded("gunicorn_import", log if again < 0 else log[:again + 1])


def test_access_moved_into_a_function_reads_the_callers_app(reader):
    page_size = reader.load("import_time_fixed").page_size
    app = Flask(__name__)
    app.config["PAGE_SIZE"] = 50
    with app.app_context():
        assert page_size() == 50
    with Flask(__name__).app_context():
        assert page_size() == 20
    with pytest.raises(RuntimeError):
        page_size()


def test_the_moved_access_used_at_import_fails_there_and_a_lazy_label_waits(reader):
    """The page: a function called in a class body runs at import too; a lazy string calls it
    only when the label is rendered, in the request."""
    from flask_babel import LazyString
    from wtforms import Form, StringField

    page_size = reader.load("import_time_fixed").page_size  # reads current_app.config

    def label(text):
        return f"{text} ({page_size()} a page)"

    with pytest.raises(RuntimeError) as raised:

        class EagerForm(Form):
            query = StringField(label("Search"))

    assert first_line(raised.value) == APP_CONTEXT_ERROR

    class LazyForm(Form):
        query = StringField(LazyString(lambda: label("Search")))

    app = Flask(__name__)
    app.config["PAGE_SIZE"] = 50
    with app.test_request_context():
        assert LazyForm().query.label() == '<label for="query">Search (50 a page)</label>'


def test_imported_inside_a_context_the_decorator_keeps_that_apps_value(reader):
    first = Flask(__name__)
    first.config["REPORT_CACHE_SECONDS"] = 5
    with first.app_context():
        module = reader.load("import_time_decorator_broken")
    app = Flask(__name__)
    app.config.update(CACHE_TYPE="SimpleCache", REPORT_CACHE_SECONDS=600)
    module.cache.init_app(app)
    app.register_blueprint(module.bp)
    with app.test_client() as client:
        assert client.get("/report").data == b"report"
    # Cached for the 5 seconds of the app current at import, not this app's 600.
    [(key, (expires, _))] = module.cache.cache._cache.items()
    assert key.endswith("/report")
    assert 0 < expires - time.time() <= 5


def test_the_factory_gives_the_cache_its_timeout(reader):
    module = reader.load("import_time_decorator_fixed")
    app = module.create_app()
    with app.test_client() as client:
        assert client.get("/report").data == b"report"
    [(key, (expires, _))] = module.cache.cache._cache.items()
    assert key.endswith("/report")
    assert 595 < expires - time.time() <= 600


def test_one_views_own_timeout_is_an_attribute_read_at_each_call(reader):
    """The page: `report.cache_timeout = ...` in create_app() for this view alone."""
    module = reader.load("import_time_decorator_fixed")
    app = module.create_app()
    module.report.cache_timeout = 30
    with app.test_client() as client:
        assert client.get("/report").data == b"report"
    [(key, (expires, _))] = module.cache.cache._cache.items()
    assert 25 < expires - time.time() <= 30


def test_the_views_own_timeout_is_one_for_every_app_of_the_process(reader):
    """The page: the attribute is the view function's, so the last create_app() sets it for all."""
    module = reader.load("import_time_decorator_fixed")
    first = module.create_app()
    module.report.cache_timeout = 60
    module.create_app()  # a second app, as a test suite makes
    module.report.cache_timeout = 3600
    with first.test_client() as client:
        assert client.get("/report").data == b"report"
        [(key, (expires, _))] = module.cache.cache._cache.items()  # the first app's cache
    assert 3595 < expires - time.time() <= 3600  # the first app's view caches for the last value


def test_a_decorator_of_your_own_that_reads_the_request_fails_at_import(reader):
    with pytest.raises(RuntimeError) as raised:
        reader.load("own_decorator_broken")
    assert first_line(raised.value) == REQUEST_CONTEXT_ERROR


def test_imported_in_a_request_the_decorator_keeps_its_value_for_every_request(reader):
    with Flask(__name__).test_request_context("/?city=paris"):
        module = reader.load("own_decorator_broken")
    assert module.app.test_client().get("/shops?city=lyon").json == {"city": "lyon"}
    assert module.hits == {"paris": 1}  # counted under the city of the import


def test_a_decorator_of_your_own_calls_the_function_it_was_given_in_each_request(reader):
    module = reader.load("own_decorator_fixed")  # no context needed at import
    client = module.app.test_client()
    assert client.get("/shops?city=lyon").json == {"city": "lyon"}
    assert client.get("/shops").json == {"city": "paris"}
    assert client.get("/shops?city=lyon").json == {"city": "lyon"}
    assert module.hits == {"lyon": 2, "paris": 1}


def test_imported_inside_a_context_the_class_keeps_that_apps_value(reader):
    first = Flask(__name__)
    first.config["PAGE_SIZE"] = 5
    with first.app_context():
        module = reader.load("import_time_class_broken")
    app = Flask(__name__)
    app.config["PAGE_SIZE"] = 50
    app.add_url_rule("/users", view_func=module.UserList.as_view("users"))
    assert app.test_client().get("/users").json == {"per_page": 5}


def test_a_property_reads_each_apps_value(reader):
    module = reader.load("import_time_class_fixed")
    for size in (5, 50):
        app = Flask(__name__)
        app.config["PAGE_SIZE"] = size
        app.add_url_rule("/users", view_func=module.UserList.as_view("users"))
        assert app.test_client().get("/users").json == {"per_page": size}


def test_a_callable_default_is_read_for_each_form(reader):
    module = reader.load("import_time_form_fixed")
    for size in (5, 50):
        app = Flask(__name__)
        app.config["PAGE_SIZE"] = size
        with app.test_request_context():
            assert module.SearchForm().per_page.data == size


def test_imported_inside_a_context_the_proxy_set_up_only_that_app(reader):
    first = Flask(__name__)
    with first.app_context():
        module = reader.load("import_time_proxy_broken")
        assert module.money(1250) == "12.50 EUR"
    app = Flask(__name__)
    app.register_blueprint(module.bp)
    assert "money" in first.jinja_env.filters
    assert "money" not in app.jinja_env.filters
    assert "SHOP_CURRENCY" not in app.config


def test_the_blueprint_sets_up_every_app_that_registers_it(reader):
    module = reader.load("import_time_proxy_fixed")
    for currency in (None, "VND"):
        app = Flask(__name__)
        if currency:
            app.config["SHOP_CURRENCY"] = currency
        app.register_blueprint(module.bp)
        with app.test_request_context():
            rendered = app.jinja_env.from_string("{{ 1250 | money }}").render()
        assert rendered == f"12.50 {currency or 'EUR'}"


def test_the_broken_module_fails_at_its_spec_call_and_nowhere_before(snippet):
    """Up to its last line, api_spec_broken.py is the fix's module: run that far, its blueprint
    serves the view. Only the call at import needs the application."""
    path = snippet("fix-import-time/api_spec_broken.py")
    module = {"__name__": "api_spec_broken"}
    with pytest.raises(RuntimeError) as raised:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module)
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    app = Flask(__name__)
    app.register_blueprint(module["bp"])
    assert app.test_client().get("/orders").json == {"orders": []}


def test_the_blueprint_documents_its_view_when_an_app_registers_it(reader):
    module = reader.load("api_spec_fixed")
    app = Flask(__name__)
    app.register_blueprint(module.bp)
    operation = {"responses": {"200": {"description": "The orders."}}}  # from the view's docstring
    assert module.spec.to_dict()["paths"] == {"/orders": {"get": operation}}
    assert app.test_client().get("/orders").json == {"orders": []}


def test_above_the_views_the_record_once_function_finds_no_endpoint(reader):
    fixed = reader.snippet("fix-import-time/api_spec_fixed.py").read_text(encoding="utf-8")
    views, hook = fixed.split("\n\n\n@bp.record_once")
    head, view = views.split('\n\n\n@bp.get("/orders")')
    text = head + "\n\n\n@bp.record_once" + hook + '\n\n@bp.get("/orders")' + view
    result = reader.script("above.py", text + "\nfrom flask import Flask\n\nFlask(__name__).register_blueprint(bp)\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        "apispec.exceptions.APISpecError: Could not find endpoint for view <function list_orders at "
    )


def test_apispecs_plugin_takes_the_app_itself_with_no_context(reader):
    from apispec import APISpec
    from apispec_webframeworks.flask import FlaskPlugin

    module = reader.load("api_spec_fixed")
    app = Flask(__name__)
    app.register_blueprint(module.bp)
    spec = APISpec(title="Shop", version="1.0.0", openapi_version="3.0.3", plugins=[FlaskPlugin()])
    spec.path(view=module.list_orders, app=app)  # outside any context
    assert spec.to_dict()["paths"] == module.spec.to_dict()["paths"]


def test_imported_inside_a_context_the_object_is_the_extensions_entry(reader, database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        module = reader.load("import_time_object_broken")
        if FLASK_SQLALCHEMY_VERSION < (3, 0):
            # 2.5 keeps a state object there, not the SQLAlchemy object: no .session at all.
            assert module.db.db is db
            return
        assert module.db is db
        db.create_all()
        assert module.count_users() == 0


def test_flask_apscheduler_sets_itself_on_the_app_as_an_attribute():
    """What the page says of an extension object fetched from an attribute of current_app."""
    from flask_apscheduler import APScheduler

    app, scheduler = Flask(__name__), APScheduler()
    scheduler.init_app(app)
    assert app.apscheduler is scheduler


def test_the_imported_object_serves_any_app(reader, database_url):
    module = reader.load("import_time_object_fixed")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        db.session.add(module.User(name="ada"))
        db.session.commit()
        assert module.count_users() == 1


@pytest.fixture
def model_app(reader, database_url):
    """create_app of a model snippet, its tables created; (module, make_app(default_status))."""

    def load(name):
        module = reader.load(name)

        def make_app(status):
            app = module.create_app({"SQLALCHEMY_DATABASE_URI": database_url, "DEFAULT_STATUS": status})
            with app.app_context():
                module.db.create_all()
            return app

        return module, make_app

    yield load


def test_a_property_on_a_model_is_no_column(model_app):
    module, make_app = model_app("import_time_model_property")
    assert "status" not in module.Post.__table__.columns
    with make_app("draft").app_context():
        assert module.Post(title="Hello").status == "draft"  # a value, never stored
        with pytest.raises(AttributeError) as raised:
            module.Post(title="Hello", status="published")
    if sys.version_info >= (3, 11):
        assert str(raised.value) == "property 'status' of 'Post' object has no setter"
    else:  # the matrix's other Python, 3.9
        assert str(raised.value) == "can't set attribute"


def test_a_callable_column_default_is_read_at_each_insert(model_app):
    module, make_app = model_app("import_time_model_fixed")
    assert "status" in module.Post.__table__.columns
    for status in ("draft", "published"):
        with make_app(status).app_context():
            post = module.Post(title="Hello")
            module.db.session.add(post)
            module.db.session.commit()
            assert module.db.session.get(module.Post, post.id).status == status
            module.db.engine.dispose()


def test_a_property_on_a_form_is_no_field(reader):
    """WTForms makes the fields from the class attributes that are fields: a property is none."""
    module = reader.load("import_time_form_fixed")

    class PropertyForm(module.SearchForm):
        @property
        def per_page(self):
            return 20

    app = Flask(__name__)
    app.config["PAGE_SIZE"] = 50
    with app.app_context():
        assert "per_page" in module.SearchForm()._fields
        assert "per_page" not in PropertyForm()._fields


# -- A library reads your value once: Flask-Admin and Flask-AppBuilder ---------------------------

# Flask-Admin 2.2 declares Flask >= 2.0 but imports flask.typing.RouteCallable, which Flask 2.2
# added; on Python 3.9 (a Flask 2.0 cell) it resolves to 1.6, whose views take a session.
FLASK_ADMIN = pytest.mark.skipif(
    FLASK_VERSION < (2, 2),
    reason=f"Flask-Admin {version('flask-admin')} cannot be imported on Flask 2.0 and 2.1 (RouteCallable)",
)
# Flask-AppBuilder 5.3's set-up fails on the session of Flask-SQLAlchemy 2.5, which the Flask 2.0
# and 2.1 lines need (TypeError in get_bind): there it needs its own SQLA class instead.
FLASK_APPBUILDER = pytest.mark.skipif(
    FLASK_SQLALCHEMY_VERSION < (3, 0),
    reason="Flask-AppBuilder 5.3 fails on Flask-SQLAlchemy 2.5's session (Flask 2.0 and 2.1)",
)
# Flask-AppBuilder imports Flask-Limiter, whose 4.1 imports flask.ctx.RequestContext and
# flask.globals.request_ctx: Flask 3.2 deprecates both names (a warning, an error in this suite).
LIMITER_IMPORT = pytest.mark.filterwarnings("ignore:'(RequestContext|request_ctx)' has merged:DeprecationWarning")
# Flask-AppBuilder 5.3 stamps its roles and users with datetime.utcnow(), which Python 3.12
# deprecates: under this suite's warnings-as-errors it would log the error and create no role.
UTCNOW = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")


@pytest.fixture
def admin_app(reader, database_url):
    """create_app of a Flask-Admin snippet, its tables created, user ada in them; (module, app).
    The snippet's own secret key and Babel(app): a save flashes, Flask-Babel is installed here."""

    def load(name):
        module = reader.load(name)
        app = module.create_app({"SQLALCHEMY_DATABASE_URI": database_url})
        with app.app_context():
            db.create_all()
            db.session.add(User(name="ada"))
            db.session.commit()
        return module, app

    yield load


def add_user(app, name):
    with app.app_context():
        db.session.add(User(name=name))
        db.session.commit()


def owner_options(client):
    """The owners the new-task form of the admin offers."""
    page = client.get("/admin/task/new/").get_data(as_text=True)
    return re.findall(r'<option value="(\w+)"', page)


# What both libraries answer a form they accept with: Flask's redirect(), 303 from Flask 3.2.
REDIRECT = for_this_flask({(2, 0): 302, (3, 2): 303})

# The admin views that read the database or the request's user in their class body.
BROKEN_VIEWS = [
    pytest.param("admin_broken", DATABASE_CONTEXT_ERROR, marks=FLASK_ADMIN, id="flask-admin"),
    pytest.param(
        "appbuilder_broken", APP_CONTEXT_ERROR, marks=[FLASK_APPBUILDER, LIMITER_IMPORT], id="flask-appbuilder"
    ),
]


@pytest.mark.parametrize(("module", "error"), BROKEN_VIEWS)
def test_a_view_that_reads_in_its_class_body_fails_at_import(reader, module, error):
    with pytest.raises(RuntimeError) as raised:
        reader.load(module)
    assert first_line(raised.value) == error


@pytest.mark.parametrize(("module", "error"), BROKEN_VIEWS)
def test_flask_cannot_import_the_view(reader, module, error):
    result = reader.flask(module, "routes")
    assert result.returncode == 1
    assert error in normalise(result.stderr).splitlines()


@FLASK_ADMIN
def test_flask_admin_reads_a_property_when_the_view_is_created(reader, database_url):
    """The property moves the error from import to create_app(): Flask-Admin reads it there."""
    module = reader.load("admin_property")
    with pytest.raises(RuntimeError) as raised:
        module.create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


# Flask-Admin 2.2 turns form_choices into its Select2Field, which passes and yields (value, label)
# tuples, as WTForms 3.3 deprecates (the fixed view sets a SelectField's choices to a list of names).
@FLASK_ADMIN
@pytest.mark.filterwarnings("ignore:Passing SelectField choices as tuples:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Yielding raw tuples from iter_choices:DeprecationWarning")
def test_a_property_read_in_a_context_keeps_the_choices_of_start_up(reader, database_url):
    """create_app() called in an app context on the same database: the view reads the property
    there, once, and a user added later never appears in the form."""
    module = reader.load("admin_property")
    config = {"SQLALCHEMY_DATABASE_URI": database_url}
    with create_app(config).app_context():
        db.create_all()
        db.session.add(User(name="ada"))
        db.session.commit()
        app = module.create_app(config)
    add_user(app, "grace")
    assert owner_options(app.test_client()) == ["ada"]


@FLASK_ADMIN
def test_flask_admin_calls_create_form_on_each_request(admin_app):
    module, app = admin_app("admin_fixed")
    client = app.test_client()
    assert owner_options(client) == ["ada"]
    add_user(app, "grace")  # after start-up
    assert owner_options(client) == ["ada", "grace"]
    response = client.post("/admin/task/new/", data={"title": "Review", "owner": "grace"})
    assert response.status_code == REDIRECT
    with app.app_context():
        from tasks import Task

        [task] = db.session.scalars(db.select(Task)).all()
        assert (task.title, task.owner) == ("Review", "grace")
        page = client.get(f"/admin/task/edit/?id={task.id}").get_data(as_text=True)
    assert re.findall(r'<option (?:selected )?value="(\w+)"', page) == ["ada", "grace"]


@FLASK_ADMIN
def test_flask_admin_needs_flask_babel_set_up_when_it_is_installed(reader, database_url):
    """Flask-Admin translates through Flask-Babel whenever it can import it (installed here, as
    Flask-AppBuilder requires it): without Babel(app), each admin page fails (the page says so)."""
    from flask_admin import Admin

    module = reader.load("admin_fixed")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    Admin(app).add_view(module.TaskAdmin(module.Task, db))  # the snippet's create_app() without Babel(app)
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/admin/task/new/")
    assert response.status_code == 500
    with pytest.raises(KeyError, match="babel"):
        app.testing = True
        app.test_client().get("/admin/task/new/")


@FLASK_APPBUILDER
@LIMITER_IMPORT
@UTCNOW
def test_flask_appbuilder_calls_the_filter_function_on_each_request(reader, database_url):
    """Each user's request lists that user's notes: the function runs for each request."""
    module = reader.load("appbuilder_fixed")
    app = module.create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
                             "WTF_CSRF_ENABLED": False})
    from notes import Note

    with app.app_context():
        security = module.appbuilder.sm
        for name in ("ada", "grace"):
            security.add_user(name, name, "Test", f"{name}@example.com", security.find_role("Admin"),
                              password="secret")
            db.session.add(Note(text=f"note of {name}", owner=name))
        db.session.commit()
    for name in ("ada", "grace", "ada"):
        client = app.test_client()
        assert client.post("/login/", data={"username": name, "password": "secret"}).status_code == REDIRECT
        page = client.get("/noteview/list/").get_data(as_text=True)
        assert re.findall(r"note of \w+", page) == [f"note of {name}"]


# -- An extension's proxy set up at import: Flask-Dance ------------------------------------------

# The reader's app, given the sign-in module `module`: a user, a GitHub token of theirs in the
# database, a log-in route, and a page that asks Flask-Dance whether the user is linked.
SIGN_IN_APP = """
import sys
from flask_login import LoginManager, UserMixin, login_user
from flask_dance.contrib.github import github
from myapp import create_app, db
from myapp.models import User
from {module} import OAuth, blueprint

for name in ("is_active", "is_authenticated", "is_anonymous", "get_id"):  # a user as Flask-Login wants one
    setattr(User, name, getattr(UserMixin, name))

app = create_app({{"SECRET_KEY": "test", "GITHUB_OAUTH_CLIENT_ID": "id", "GITHUB_OAUTH_CLIENT_SECRET": "secret"}})
LoginManager(app).user_loader(lambda user_id: User.query.filter_by(id=int(user_id)).first())
app.register_blueprint(blueprint, url_prefix="/login")

@app.route("/log-in/<name>")
def log_in(name):
    login_user(User.query.filter_by(name=name).first())
    return "in"

@app.route("/linked")
def linked():
    return "linked to GitHub" if github.authorized else "not linked"

with app.app_context():
    db.create_all()
    ada, grace = User(name="ada"), User(name="grace")
    token = {{"access_token": "t", "token_type": "bearer"}}
    db.session.add_all([ada, grace, OAuth(provider="github", token=token, user=ada)])
    db.session.commit()
for name in ("ada", "grace"):
    client = app.test_client()
    client.get(f"/log-in/{{name}}")
    print(name, client.get("/linked").get_data(as_text=True))
"""


def test_setting_the_storage_through_the_proxy_fails_at_import(reader):
    result = reader.python("fix-import-time/github_login_broken.py")
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert "github.storage = SQLAlchemyStorage(" in result.stderr and "werkzeug/local.py" in result.stderr
    assert_recorded("flask_dance_proxy", result.stderr)


def test_in_a_context_the_proxy_finds_no_session_to_set(reader):
    reader.snippet("fix-import-time/github_login_broken.py")
    result = reader.code("from myapp import create_app\n"
                         "with create_app().app_context():\n"
                         "    import github_login_broken\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "AttributeError: flask_dance_github"


def test_the_storage_set_on_the_blueprint_reads_each_users_token(reader):
    reader.snippet("fix-import-time/github_login_fixed.py")
    result = reader.code(SIGN_IN_APP.format(module="github_login_fixed"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ada linked to GitHub\ngrace not linked\n"


def test_a_visitor_not_logged_in_needs_user_required_false(reader):
    """Signing in with GitHub, the visitor has no user yet: the storage of the fix refuses."""
    reader.snippet("fix-import-time/github_login_fixed.py")
    visit = SIGN_IN_APP.format(module="github_login_fixed") + (
        'response = app.test_client().get("/linked")\n'
        'print("visitor", response.status_code, response.get_data(as_text=True).splitlines()[0])\n'
    )
    result = reader.code(visit)
    assert "ValueError: Cannot get OAuth token without an associated user" in result.stderr.splitlines()
    assert result.stdout.splitlines()[-1].startswith("visitor 500 ")  # the server error page
    relaxed = visit.replace("app = create_app(", "blueprint.storage.user_required = False\napp = create_app(")
    result = reader.code(relaxed, env={"DATABASE_URL": f"sqlite:///{reader.folder / 'visitor.db'}"})  # a new one
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "visitor 200 not linked"


def test_a_decorator_read_from_the_proxy_fails_at_import_and_the_check_in_the_view_works(reader):
    """The page's sentence: `@github.authorization_required` reads the proxy at import; the check
    it stands for, written in the view, sends a user with no token to the blueprint's log-in."""
    result = reader.script("repos.py", "from flask_dance.contrib.github import github\n\n\n"
                                       "@github.authorization_required\n"
                                       "def repos():\n"
                                       "    return 'your repositories'\n")
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("flask_dance_decorator", result.stderr, project=[reader.folder])
    reader.snippet("fix-import-time/github_login_fixed.py")
    checked_view = (
        "from flask import redirect, url_for\n\n"
        "@app.route('/repos')\n"
        "def repos():\n"
        "    if not github.authorized:\n"
        "        return redirect(url_for('github.login'))\n"
        "    return 'your repositories'\n\n"
    )
    program = SIGN_IN_APP.format(module="github_login_fixed").replace("with app.app_context():", checked_view
                                                                        + "with app.app_context():", 1)
    program += ('for name in ("ada", "grace"):\n'
                '    client = app.test_client()\n'
                '    client.get(f"/log-in/{name}")\n'
                '    response = client.get("/repos")\n'
                '    where = response.headers.get("Location", "-").replace("http://localhost", "")\n'
                '    print(name, response.status_code // 100 * 100, where)\n')  # 302, or 303 from Flask 3.2
    result = reader.code(program)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["ada 200 -", "grace 300 /login/github"]


# -- A listener: on the Session class, not on one context's session --------------------------------

# The listener module imported first, with no context; then a listener on the first context's own
# session, and a commit in each of two contexts.
COMMITS = """
import commit_listener
from sqlalchemy import event
from myapp import create_app, db
from myapp.models import User

app = create_app()
heard = []
with app.app_context():
    db.create_all()
    event.listen(db.session(), "after_commit", lambda session: heard.append(session))
    db.session.add(User(name="ada"))
    db.session.commit()
with app.app_context():
    db.session.add(User(name="grace"))
    db.session.commit()
print(f"the first context's session heard {len(heard)}")
"""


def test_a_listener_on_the_session_class_hears_every_context_and_one_on_a_session_its_own(reader, tmp_path):
    reader.snippet("fix-import-time/commit_listener.py")
    result = reader.code(COMMITS)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "committed\ncommitted\nthe first context's session heard 1\n"
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


# A listener given Flask-SQLAlchemy's db.session itself (a scoped session, not called): SQLAlchemy
# registers it on the class of the sessions it makes, at import, with no context.
SCOPED = """
from sqlalchemy import event
from myapp import create_app, db
from myapp.models import User

@event.listens_for(db.session, "after_commit")
def after_commit(session):
    print("committed", flush=True)

app = create_app()
for name in ("ada", "grace"):
    with app.app_context():
        db.create_all()
        db.session.add(User(name=name))
        db.session.commit()
"""


def test_a_listener_on_the_scoped_db_session_registers_at_import_and_hears_every_context(reader, tmp_path):
    result = reader.code(SCOPED)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "committed\ncommitted\n"
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


def test_a_listener_on_the_session_db_session_returns_fails_at_import(reader):
    result = reader.code('from sqlalchemy import event\nfrom myapp import db\n\n'
                         'event.listen(db.session(), "after_commit", print)\n')
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()


def test_a_session_per_context_from_flask_sqlalchemy_3_per_thread_before(app):
    with app.app_context():
        outer = db.session()
        with app.app_context():
            inner = db.session()
    assert (inner is outer) == (FLASK_SQLALCHEMY_VERSION < (3,))


# -- A module imported only where it is used -----------------------------------------------------

# A backend module whose top reads the application, and the module that uses it: imported at the
# top, importing the second fails with no context; imported inside the function, it does not, and
# the first call, in a context, imports the backend there.
BACKEND = "from flask import current_app\n\nPREFIX = current_app.config['CACHE_PREFIX']\n"
EAGER = "import backend\n\n\ndef key(name):\n    return backend.PREFIX + name\n"
LAZY = "def key(name):\n    import backend\n\n    return backend.PREFIX + name\n"
IMPORTS = """
import sys
from flask import Flask

try:
    import {module}
except RuntimeError as error:
    print("import:", str(error).splitlines()[0])
    sys.exit()
app = Flask(__name__)
app.config["CACHE_PREFIX"] = "shop:"
with app.app_context():
    print("key:", {module}.key("ada"))
"""


@pytest.mark.parametrize("module, printed", [
    ("eager", "import: Working outside of application context.\n"),
    ("lazy", "key: shop:ada\n"),
])
def test_a_module_imported_inside_the_function_that_uses_it_needs_no_context_at_import(
        reader, tmp_path, module, printed):
    for name, text in {"backend": BACKEND, "eager": EAGER, "lazy": LAZY}.items():
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
    result = reader.code(IMPORTS.format(module=module))
    assert (result.returncode, result.stdout) == (0, printed), result.stderr


TWO_APPS = """
from flask import Flask
import lazy

for prefix in ("shop:", "blog:"):
    app = Flask(__name__)
    app.config["CACHE_PREFIX"] = prefix
    with app.app_context():
        print(lazy.key("ada"))
"""


def test_what_the_lazily_imported_module_reads_stays_as_the_first_call_found_it(reader, tmp_path):
    for name, text in {"backend": BACKEND, "lazy": LAZY}.items():
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
    result = reader.code(TWO_APPS)
    assert (result.returncode, result.stdout) == (0, "shop:ada\nshop:ada\n"), result.stderr
