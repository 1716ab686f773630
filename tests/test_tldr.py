"""The landing page: the error as Flask words it, and the one `with` block that fixes it."""

import pytest
from flask import current_app
from support import DATABASE_CONTEXT_ERROR, ERROR_TEXTS, FLASK_VERSION, error_file_for, user_names


@pytest.mark.parametrize("name", ERROR_TEXTS)
def test_error_text_is_what_flask_raises(snippet, name):
    text = snippet(name).read_text(encoding="utf-8")
    if error_file_for(FLASK_VERSION) != name:
        pytest.skip(f"{name} is the wording of other Flask lines; the version matrix runs it there")
    with pytest.raises(RuntimeError) as raised:
        current_app.name
    assert f"RuntimeError: {raised.value}\n" == text


def test_script_without_context_fails(run_python, error_text, snippet):
    snippet("myapp/__init__.py")
    snippet("myapp/models.py")
    result = run_python("tldr_broken.py")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    if DATABASE_CONTEXT_ERROR == error_text.splitlines()[0]:
        assert result.stderr.endswith(error_text)


def test_script_with_context_writes_the_user(run_python, tmp_path):
    result = run_python("tldr.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 user(s)\n"
    assert user_names(tmp_path / "app.db") == ["ada"]
